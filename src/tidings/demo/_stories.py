"""The demo's articles, as plain data: the single source the feed files are rendered from.

Everything here is invented: the publishers, places, companies and people
are fictional (domains under the reserved ``.example`` TLD). The stories are
built to exercise story clustering:

* a storyline over eight months: the Concord Station partnership between the
  Allied Space Agency and Kestrel Orbital, which turns into a rivalry;
* a wire story (the Ashby River flood) run near-verbatim by two papers;
* figures that differ between sources (jobs, dollars, degrees, evacuees);
* one clickbait headline covering a real story;
* ordinary one-off items that should stay on their own.

Regenerate the feed files with ``python -m tidings.demo._generate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    slug: str
    date: str  # ISO 8601, UTC
    title: str
    author: str
    summary: str
    body: str  # paragraphs separated by blank lines; may hold inline HTML
    tags: tuple[str, ...] = ()
    story: str | None = None  # which demo story it covers (documentation only)
    extra: dict[str, str] = field(default_factory=dict)


# --- Meridian Wire (JSON Feed 1.1) -------------------------------------------------

WIRE_FLOOD = Article(
    slug="ashby-river-flood-evacuations",
    date="2026-09-19T06:40:00Z",
    title="Ashby River bursts its banks, forcing 2,000 from homes in Tamsin Valley",
    author="Priya Okonkwo",
    summary="Overnight rain pushed the Ashby River over flood defences at three points; "
    "about 2,000 residents were moved to shelters.",
    body="""PORT CALDER (Meridian Wire) - The Ashby River burst its banks at three points overnight after the heaviest September rainfall in the Tamsin Valley in more than forty years, forcing about 2,000 residents from their homes, emergency officials said on Saturday.

The river gauge at Millbrook Bridge peaked at 6.1 metres shortly after 3 a.m., nearly a metre above the level the town's flood walls were built to hold. Water reached the ground floors of houses in the low-lying Weavers Row and Eastgate districts before dawn.

"We moved people in the dark, street by street, with boats where the trucks could no longer pass," said Tomasz Reyes, who leads the valley's emergency management office. No deaths had been reported by mid-morning, he said, but two people were treated in hospital for hypothermia.

Three schools and the Ashby Leisure Centre were opened as shelters. Rail services between Port Calder and Greyhollow were suspended after water covered the line near Kettle Lock, and the regional power company said roughly 1,800 customers were without electricity.

Forecasters expect the rain to ease by Sunday afternoon, but warned that water draining from the hills could keep the river high for another two days. The valley council has asked residents not to drive through flooded roads and to check on elderly neighbours.

The flood defences at Millbrook were last upgraded in 2009. A council review in 2024 recommended raising them by 80 centimetres, a project that had been scheduled to begin next spring.""",
    tags=("Flooding", "Tamsin Valley", "Weather"),
    story="flood",
)

WIRE = [
    Article(
        slug="coral-reef-calder-shelf",
        date="2026-01-20T14:05:00Z",
        title="Survey finds large cold-water coral reef on the Calder Shelf",
        author="Hannah Lindqvist",
        summary="A research vessel mapped a reef about 14 km long at 400 metres depth, "
        "in an area proposed for seabed cable routes.",
        body="""PORT CALDER (Meridian Wire) - Marine scientists have mapped a cold-water coral reef stretching about 14 kilometres along the edge of the Calder Shelf, in waters that had been proposed as a route for two undersea power cables, the regional ocean institute said on Tuesday.

The reef, formed mainly of the stony coral Lophelia, lies between 350 and 450 metres below the surface. It was found during a three-week survey by the research vessel Sentinel, whose remotely operated vehicle filmed dense thickets of coral, sponges and large numbers of redfish.

"Reefs like this grow a millimetre or two a year. What we saw has been building for thousands of years," said Dr. Ines Mattheus, the expedition's chief scientist. She said parts of the reef showed scars consistent with bottom trawling, but most of it appeared intact.

The discovery comes as the energy ministry considers applications for cable routes across the shelf. Conservation groups called for the area to be closed to trawling and for the cables to be diverted. The ministry said it would "take the new survey fully into account."

The institute plans to publish its maps and video later this year.""",
        tags=("Oceans", "Science", "Conservation"),
        story="reef",
    ),
    Article(
        slug="asa-picks-kestrel-waypoint",
        date="2026-02-10T16:30:00Z",
        title="Space agency picks Kestrel Orbital to build commercial module for Concord Station",
        author="Daniel Achterberg",
        summary="The $2.4 billion contract makes a private company responsible for the first "
        "commercially owned module on the ageing station.",
        body="""ARLEN (Meridian Wire) - The Allied Space Agency on Tuesday chose Kestrel Orbital to build and operate a commercial module for Concord Station, a $2.4 billion contract that officials described as the first step toward replacing the ageing laboratory with privately run outposts by 2031.

Under the agreement, Kestrel will design, launch and dock the module, named Waypoint, by the middle of this year. The company will own it and sell research time and crew stays to the agency and to private customers, while the agency commits to buy a minimum number of days aboard through 2030.

"We are buying a service, not building a spacecraft," agency administrator Miriam Sato told reporters. "If this works, it is the model for everything that comes after Concord."

Kestrel, founded nine years ago, has flown eleven cargo missions to the station on its Talon rocket but has never built a crewed habitat. Its chief executive, Rafael Okafor, said the company had been designing Waypoint "in our own time and on our own money" for three years.

Some members of the parliamentary science committee questioned the schedule. "Docking a new module by summer is ambitious even for an agency that has done it before," said committee member Lena Brandt.

The contract includes options worth up to a further $200 million for additional cargo flights.""",
        tags=("Space", "Concord Station", "Kestrel Orbital"),
        story="station",
    ),
    Article(
        slug="quillzip-vulnerability",
        date="2026-03-03T11:20:00Z",
        title="Flaw in widely used compression library exposes routers and phones",
        author="Sam Whitcombe",
        summary="A memory bug in quillzip, an open-source library found in millions of devices, "
        "can let attackers run code by sending a crafted file.",
        body="""LONDON (Meridian Wire) - Security researchers on Tuesday disclosed a serious flaw in quillzip, a small open-source compression library used in home routers, smartphones, printers and many server programs, and urged manufacturers to ship fixes quickly.

The bug, tracked as CVE-2026-1184, allows a specially crafted compressed file to overwrite memory in the program that opens it, which in some cases can let an attacker take control of the device. It was found by researchers at the security firm Halyard Labs, who reported it privately to the library's maintainers in January.

A corrected version, quillzip 2.9.4, was published on Tuesday. But because the library is built into the software of devices that are rarely updated, experts expect vulnerable copies to remain in use for years.

"The fix is twelve lines long. Getting it onto a router that has not been updated since 2021 is the hard part," said Halyard researcher Amara Diallo.

Quillzip is maintained by two volunteers. One of them, Jonas Feld, said in a statement that the project had received "more bug reports than donations" in the past year. Several large technology companies said they were checking their products.

Consumer advocates advised people to install any updates offered for routers and phones over the coming weeks.""",
        tags=("Technology", "Security", "Open source"),
        story="quillzip",
    ),
    Article(
        slug="waypoint-launch-valve",
        date="2026-04-22T09:55:00Z",
        title="Kestrel's Waypoint module reaches orbit, but a stuck valve delays docking",
        author="Daniel Achterberg",
        summary="The module launched on schedule, then failed to open a propellant valve; "
        "docking with Concord Station has been postponed by at least a week.",
        body="""ARLEN (Meridian Wire) - Kestrel Orbital's Waypoint module reached orbit on Wednesday on schedule, but a propellant valve that failed to open during the first hours of flight forced the company to postpone its planned docking with Concord Station by at least a week.

The Talon rocket lifted off from the Serra Coast launch site at 06:12 local time, and the module separated cleanly nine minutes later. Flight controllers then found that one of four valves feeding Waypoint's manoeuvring thrusters had not opened when commanded.

"The spacecraft is healthy, it is stable and it is talking to us," Kestrel's flight director, Joanna Pereira, said at a briefing. "We have a valve that is not doing what we told it to do, and we are going to understand why before we fly it anywhere near a station with people on it."

The module can still manoeuvre using its three remaining thruster groups, the company said, but the agency's rules require full redundancy for the final approach.

The Allied Space Agency said it supported the delay. Concord Station's three-person crew was not affected.

Waypoint is the first module built by a private company under the agency's plan to hand low Earth orbit to commercial operators by 2031.""",
        tags=("Space", "Concord Station", "Kestrel Orbital"),
        story="station",
    ),
    Article(
        slug="lumen-cell-factory",
        date="2026-05-12T13:10:00Z",
        title="Lumen Cell to build solid-state battery factory near Port Calder",
        author="Grace Mbeki",
        summary="The $900 million plant would employ about 1,200 people and start "
        "production in 2028, the company said.",
        body="""PORT CALDER (Meridian Wire) - Battery maker Lumen Cell will build a $900 million factory on the former Calder steelworks site to produce solid-state batteries for electric vehicles, the company said on Tuesday, in one of the largest industrial investments in the region this decade.

The plant is expected to employ about 1,200 people when fully running and to start production in 2028, chief executive Wen Halloran said at an event with regional officials. It would make cells using a solid ceramic electrolyte in place of the flammable liquid used in today's lithium-ion batteries.

Solid-state cells promise to store more energy for their weight and to charge faster, but no company has yet produced them cheaply at large volume. Lumen Cell has so far operated a pilot line producing a few thousand cells a month.

"We are past the laboratory. The question now is manufacturing, and manufacturing is what this region knows," Halloran said.

The regional government said it would contribute to site clean-up and training costs but did not give a figure. The steelworks closed in 2017 with the loss of about 2,300 jobs.

Shares in Lumen Cell, which listed last year, rose 6 percent.""",
        tags=("Business", "Batteries", "Port Calder"),
        story="battery",
    ),
    Article(
        slug="waypoint-docks-thruster-misfire",
        date="2026-06-15T18:45:00Z",
        title="Waypoint docks with Concord Station; thruster misfire briefly tilts the outpost",
        author="Daniel Achterberg",
        summary="An unplanned thruster firing after capture rotated the station about 12 degrees "
        "before controllers regained control. The crew was never in danger, officials said.",
        body="""ARLEN (Meridian Wire) - Kestrel Orbital's Waypoint module docked with Concord Station on Monday, eight weeks late, but an unexpected firing of its thrusters shortly after capture rotated the station about 12 degrees out of its normal orientation before flight controllers regained control.

The thrusters fired for roughly 40 seconds, about two minutes after the docking latches closed, according to the Allied Space Agency. Controllers on the ground countered the motion using the station's own thrusters and had it back in position within an hour.

"At no point was the crew in danger," said Concord Station programme manager Eduardo Lindgren. "But a module that fires its engines when it is supposed to be quiet is not something we accept. We will find out why."

Kestrel said the firing appeared to come from the module's flight software, which had not registered that docking was complete. The company's chief executive, Rafael Okafor, called the event "a serious miss on our part" and said Waypoint's thrusters had been disabled.

The hatch between the module and the station will stay closed until the investigation is complete, the agency said. Waypoint was due to start hosting experiments in July.""",
        tags=("Space", "Concord Station", "Kestrel Orbital"),
        story="station",
    ),
    Article(
        slug="port-calder-fare-free-buses",
        date="2026-07-01T07:00:00Z",
        title="Port Calder begins year-long trial of fare-free buses",
        author="Lucas Ferrante",
        summary="Riders on all 31 city routes will pay nothing until June 2027 in a trial "
        "costing about $14 million.",
        body="""PORT CALDER (Meridian Wire) - Buses in Port Calder became free to ride on Wednesday at the start of a twelve-month trial that city officials hope will bring back passengers lost during the pandemic and cut traffic in the city centre.

All 31 routes run by the city's transit company are included. The trial is expected to cost about $14 million in lost fares, most of it paid from a regional climate fund, the city said.

Mayor Adaeze Collins rode the first free bus of the day from the harbour terminal. "People tell us the fare is the reason they drive. For a year, it won't be," she said.

Ridership in Port Calder is still around 15 percent below its 2019 level. Similar trials elsewhere have increased passenger numbers but have had mixed results in getting drivers out of their cars, studies have found.

The drivers' union welcomed the trial but asked for more staff, saying some routes were already crowded at peak times. The transit company said it would add 12 buses in September.

The city council will decide next spring whether to keep the scheme.""",
        tags=("Transport", "Port Calder"),
        story="buses",
    ),
    Article(
        slug="asa-suspends-kestrel-payment",
        date="2026-08-27T15:20:00Z",
        title="Space agency halts payments to Kestrel; company says it may go it alone",
        author="Daniel Achterberg",
        summary="The agency froze a $310 million milestone and opened the Waypoint contract to "
        "review; Kestrel said it could operate the module as an independent station.",
        body="""ARLEN (Meridian Wire) - The Allied Space Agency on Thursday suspended a $310 million payment to Kestrel Orbital and opened a review of its contract for the Waypoint module, ten weeks after a thruster misfire on the module briefly tilted Concord Station.

The agency said its investigation had found that Waypoint's flight software did not correctly handle the moment of docking, and that the company's own testing had not covered that case. "The findings raise questions about how the software was verified, not only about one bug," administrator Miriam Sato said.

Within hours, Kestrel's chief executive, Rafael Okafor, said the company was prepared to undock Waypoint and fly it as an independent, privately run station if the partnership could not be repaired. "We built Waypoint to outlast Concord. It can start doing that earlier than planned," he said in a statement.

Analysts said the exchange marked a sharp change in a partnership that both sides had presented as a model for the future of human spaceflight. "Six months ago this was the agency's flagship. Now both sides are talking about their alternatives," said industry analyst Beatrix Mohr.

The agency said the review would take about six weeks.""",
        tags=("Space", "Concord Station", "Kestrel Orbital"),
        story="station",
    ),
    Article(
        slug="central-bank-holds-rates",
        date="2026-09-10T12:00:00Z",
        title="Central bank holds rates at 3.25% as inflation cools slowly",
        author="Marguerite Ansah",
        summary="Policymakers kept borrowing costs unchanged for a third meeting and signalled "
        "no cut before the end of the year.",
        body="""ARLEN (Meridian Wire) - The central bank left its main interest rate at 3.25 percent on Thursday for the third meeting in a row, saying inflation was falling more slowly than it had expected and that it was too early to lower borrowing costs.

Consumer prices rose 2.9 percent in the year to August, down from 3.4 percent in the spring but still above the bank's 2 percent target. Services prices, which depend heavily on wages, rose 4.1 percent.

"We are closer, not there," governor Elias Varga told a news conference. Six of the nine members of the rate committee voted to hold; three preferred a cut of a quarter point.

Most economists had expected the decision. Markets trimmed bets on a cut in October, and the currency rose slightly against the dollar.

Business groups said high rates were weighing on investment, particularly in construction, where new housing starts fell 11 percent in the second quarter. Savers' organisations welcomed the decision.

The bank's next decision is due on October 29.""",
        tags=("Economy", "Interest rates"),
        story=None,
    ),
    WIRE_FLOOD,
    Article(
        slug="solace-bridge-contract-kestrel-undocks",
        date="2026-10-08T10:15:00Z",
        title="Agency signs Solace Aerospace as Kestrel prepares to undock Waypoint",
        author="Daniel Achterberg",
        summary="A $780 million bridge contract gives Solace the role Kestrel held; Kestrel will "
        "take Waypoint away from Concord to fly it as a private station.",
        body="""ARLEN (Meridian Wire) - The Allied Space Agency has signed a $780 million contract with Solace Aerospace to provide crew time on a commercial module at Concord Station, ending its exclusive partnership with Kestrel Orbital, which said on Wednesday it would undock its Waypoint module next month and fly it as a private station.

The review opened in August concluded that Kestrel had fixed the software fault behind June's thruster misfire, the agency said, but that "the partnership no longer offers the certainty the programme needs." Solace's module, based on a design it has been developing for the agency's cargo programme, is due to launch in late 2027.

Kestrel said Waypoint would move to a slightly higher orbit and host its first private crew in the spring. It has signed two customers, a pharmaceutical research company and a national space programme it declined to name.

"We came to Concord as a supplier. We leave as a neighbour," chief executive Rafael Okafor said.

The agency will not recover the $1.1 billion it had already paid Kestrel, officials confirmed, but will keep the right to buy time on Waypoint at contract prices until 2028.""",
        tags=("Space", "Concord Station", "Kestrel Orbital", "Solace Aerospace"),
        story="station",
    ),
]


# --- The Harbour Gazette (RSS 2.0) ---------------------------------------------------


def _syndicated(
    wire: Article, *, slug: str, title: str, author: str, replace: tuple[tuple[str, str], ...], append: str = ""
) -> Article:
    body = wire.body
    for old, new in replace:
        assert old in body, old
        body = body.replace(old, new)
    if append:
        body = body + "\n\n" + append
    return Article(
        slug=slug,
        date=wire.date[:11] + "08:10:00Z",
        title=title,
        author=author,
        summary=wire.summary,
        body=body,
        tags=wire.tags,
        story=wire.story,
    )


GAZETTE = [
    Article(
        slug="2026/01/21/reef-found-off-calder-shelf",
        date="2026-01-21T06:30:00Z",
        title="Ancient coral reef found on our doorstep, and in the path of two power cables",
        author="Fionnuala Grant",
        summary="Scientists from the harbour's ocean institute have mapped a reef on the Calder "
        "Shelf. Fishermen and cable developers now face hard questions.",
        body="""For generations, trawler crews from Port Calder have known the deep edge of the Calder Shelf as a place where nets snag and come up torn. Now we know why.

Scientists from the Calder Ocean Institute, working from the harbour-based research ship Sentinel, have mapped a cold-water coral reef running for about 15 kilometres along the shelf edge, some 400 metres down. Video from the ship's underwater robot shows white and orange coral branches, sponges the size of armchairs and shoals of redfish sheltering among them.

"People imagine coral as something tropical. This is our own rainforest, in the cold and the dark, and it has been growing since the last ice age," said Dr. Ines Mattheus, who led the expedition.

The find has landed in the middle of two arguments. Two energy companies want to lay undersea cables across the shelf to bring offshore wind power ashore at Port Calder, and the routes on their draft plans cross the reef. And conservation groups want the whole area closed to bottom trawling, which would hit some of the harbour's remaining deep-water boats.

Skipper Alan Brody, who has fished the shelf for 30 years, said most boats already avoided the worst ground. "Nobody wants to tear their gear on coral. But close the whole edge and you close two or three boats here for good."

The energy ministry says it will take the survey into account. The institute will show its film at the harbour museum on February 7.""",
        tags=("Environment", "Harbour"),
        story="reef",
    ),
    Article(
        slug="2026/02/11/kestrel-contract-calder-jobs",
        date="2026-02-11T06:15:00Z",
        title="Kestrel's $2.6bn space deal could bring 400 jobs to Calder's east docks",
        author="Owen Castellanos",
        summary="The rocket company builds much of its hardware in Port Calder. Its new station "
        "contract means more of it, the company says.",
        body="""Kestrel Orbital's win of the contract to build a commercial module for Concord Station will mean up to 400 new jobs at its plant on Port Calder's east docks, the company said yesterday, as local leaders celebrated the city's biggest aerospace order in years.

The deal with the Allied Space Agency is worth $2.4 billion, rising to $2.6 billion if the agency takes up options for extra cargo flights. The module, called Waypoint, will be assembled and tested in Calder before being shipped to the launch site on the Serra Coast.

Kestrel already employs 1,150 people in the city, many of them former shipyard workers retrained in precision welding. Plant manager Cora Lindahl said hiring for technicians and test engineers would begin next month. "We will be looking first at people who already know how to build things that must not leak," she said.

Mayor Adaeze Collins called the contract "a vote of confidence in this city's hands and heads."

Not everyone is convinced the schedule is realistic. The agency wants Waypoint docked by the middle of the year, and Kestrel has never built a module for people to live in. Asked whether the jobs depended on the schedule holding, Lindahl said the company was "hiring for the long run."

The first pieces of Waypoint's pressure hull are already in the east docks clean room, the company said.""",
        tags=("Business", "Space", "Jobs"),
        story="station",
    ),
    Article(
        slug="2026/03/04/quillzip-router-update",
        date="2026-03-04T07:45:00Z",
        title="Why you should update your home router this week",
        author="Nadia Brennan",
        summary="A flaw in software hidden inside millions of devices has been fixed. "
        "Here is what to do, and what not to worry about.",
        body="""If your home router, printer or smart television offers you a software update in the next few weeks, say yes. That is the short advice from security experts after researchers revealed a flaw in quillzip, a tiny piece of free software that squeezes and unsqueezes files and is built into an enormous number of gadgets.

The flaw means that a booby-trapped file could, in the worst case, let an attacker take over the device that opens it. There is no sign yet that criminals are using it, according to the firm that discovered it, Halyard Labs. But now that the details are public, that can change quickly.

What should readers do? Check your router's settings page, usually reached by typing an address printed on the device's label into a web browser, and look for an update or "firmware" option. Many newer routers update themselves. Phones and computers will receive fixes through their normal updates.

If your router is more than five or six years old and has not had an update in a long time, it may never get one. "That is the moment to think about replacing it," said Port Calder computer repair shop owner Dev Malhotra, who said he had already had a dozen calls.

The episode has also raised questions about how such important software is looked after. Quillzip is maintained by two volunteers in their spare time.""",
        tags=("Technology", "Consumer"),
        story="quillzip",
    ),
    Article(
        slug="2026/03/19/council-budget-libraries",
        date="2026-03-19T18:00:00Z",
        title="Council budget keeps libraries open but raises parking charges",
        author="Owen Castellanos",
        summary="Councillors approved a $412 million budget after a four-hour debate; evening "
        "parking in the old town will cost $2 an hour.",
        body="""Port Calder's branch libraries will stay open for at least another year after councillors approved the city's budget last night, but drivers will pay more to park in the old town, including in the evening for the first time.

The $412 million budget passed by 23 votes to 14 after a four-hour debate in which the fate of the libraries at Southmere and Kettle Road dominated. Both had been listed for closure in the draft plan published in January, prompting a petition signed by more than 9,000 people.

Finance chair Roisin Akande said the two branches had been saved by raising parking charges and by delaying the refurbishment of the civic centre. Evening parking in the old town will cost $2 an hour from May.

"We heard the city loud and clear on libraries," Akande said. "We also heard from businesses about parking. We could not give everyone everything."

Old town traders said the evening charge would drive customers to out-of-town shopping centres. "People come here for dinner because it is easy. It is about to get less easy," said restaurant owner Marco Delacroix.

The budget also includes $3.5 million for repairs to the harbour wall and a 2.5 percent rise in the city's share of property tax.""",
        tags=("Council", "Port Calder"),
        story=None,
    ),
    Article(
        slug="2026/05/13/lumen-cell-steelworks",
        date="2026-05-13T06:20:00Z",
        title="Battery plant promises 1,500 jobs on the old steelworks site",
        author="Owen Castellanos",
        summary="Lumen Cell's $1.1bn investment would be the largest on the site since the "
        "furnaces went cold in 2017.",
        body="""Nine years after the last shift left the Calder steelworks, the site is to be filled with workers again. Lumen Cell, a young battery company, said yesterday that it will build a factory there to make solid-state batteries for electric cars, with up to 1,500 jobs once production reaches full speed.

The company put the cost of the plant at $900 million. Including the regional government's money for cleaning up the polluted ground and training workers, the total investment comes to about $1.1 billion, according to figures shared with councillors.

For families in Eastgate and Furnace Hill, where many lost jobs when the steelworks closed, the news landed hard, in a good way. "My father worked there 31 years. I'd like to see my son work there," said Teresa Novak, who runs a café opposite the old main gate.

There are reasons for caution. Solid-state batteries have been "five years away" for more than a decade, and Lumen Cell has so far made them only on a small pilot line. Production is not due to start until 2028, and the company will need to raise more money before then.

Chief executive Wen Halloran said the site had been chosen for its port, its grid connection and its people. "This region has made heavy, precise things for a hundred years," she said.

Ground clearance is due to begin in the autumn.""",
        tags=("Business", "Jobs", "Port Calder"),
        story="battery",
    ),
    Article(
        slug="2026/06/16/waypoint-misfire-station-tilt",
        date="2026-06-16T06:05:00Z",
        title="Calder-built module jolts space station in tense first hours",
        author="Owen Castellanos",
        summary="Waypoint's thrusters fired unexpectedly after docking and tipped Concord Station "
        "15 degrees. At the east docks, workers watched in silence.",
        body="""The moment Kestrel Orbital's Waypoint module docked with Concord Station on Monday evening, the canteen at the company's east docks plant erupted in cheers. Two minutes later, the room went quiet.

On the big screen, controllers' voices grew clipped as the module, built and tested in Port Calder, fired its thrusters without being told to, pushing the whole station around. By Kestrel's own figures the station tilted about 15 degrees before controllers steadied it; the space agency later put the figure at 12.

"You could hear a pin drop," said one test technician, who asked not to be named because staff had been told not to speak to the press. "Everyone in that room had touched that module."

The agency says the three astronauts aboard were never in danger, and the station was back in its normal position within the hour. Kestrel has switched off Waypoint's thrusters and says early signs point to a software problem: the module did not recognise that it had docked.

In Calder, the worry is about what comes next. The company has hired 260 people here since February on the strength of the contract, and more were due to start in the autumn.

Plant manager Cora Lindahl told staff in an email seen by the Gazette that the company would "own this, fix this and fly again." The hatch to the module will stay closed while investigators work.""",
        tags=("Space", "Port Calder"),
        story="station",
    ),
    Article(
        slug="2026/07/01/free-buses-first-day",
        date="2026-07-01T17:30:00Z",
        title="Free buses, full buses: first day of the fare trial",
        author="Nadia Brennan",
        summary="Drivers reported crowded morning routes and a few confused passengers trying "
        "to pay. The city says the real test is September.",
        body="""On the number 7 from Southmere at 7.40 this morning, there were no tickets, no tapping of cards, and nowhere to sit. Port Calder's year-long trial of free buses began with crowded routes on the main commuter corridors and a few passengers still trying to pay.

"A gentleman tried to give me a five-dollar note three times," said driver Kwame Osei. "I told him to buy himself a coffee."

The city is spending about $14 million on the trial, money it would otherwise have collected in fares, most of it from a regional climate fund. Officials hope it will win back riders: bus use in the city is still about 15 percent lower than before the pandemic.

Early figures from the transit company suggested about 20 percent more boardings than on an ordinary Wednesday, though officials cautioned that a sunny first day of summer was not a fair test. "Come back to us in September, when the schools are in and the weather turns," said transit director Helen Quaye.

Not every rider was pleased. Several regular passengers on the crowded number 3 said they had been unable to board at stops near the hospital.

Mayor Adaeze Collins, who rode the first free bus from the harbour terminal at 5.30 a.m., said extra buses would arrive in September.""",
        tags=("Transport", "Port Calder"),
        story="buses",
    ),
    Article(
        slug="2026/08/28/kestrel-asa-review-calder-worry",
        date="2026-08-28T06:10:00Z",
        title="Agency freezes Kestrel money as partnership turns sour",
        author="Owen Castellanos",
        summary="A payment worth $310 million is on hold. Kestrel says it could fly Waypoint "
        "alone, and Calder's workers wonder which way that cuts.",
        body="""The partnership that was supposed to make Port Calder a space city is in trouble. The Allied Space Agency yesterday froze a $310 million payment to Kestrel Orbital and opened a review of its contract for the Waypoint module, built at the company's east docks plant.

The agency's investigators concluded that Waypoint's software mishandled the moment of docking in June, when the module fired its thrusters and tipped Concord Station off balance, and that Kestrel's testing had never checked that situation. Administrator Miriam Sato said the problem was "how the software was verified, not only one bug."

Kestrel's response was swift and defiant. Chief executive Rafael Okafor said the company could undock Waypoint and run it as its own private station if the agency walked away.

For the 1,400 people Kestrel now employs in the city, the question is whether "going it alone" means more work or less. A company spokesperson said no job cuts were planned and that Waypoint "has customers beyond the agency."

Union representative Declan Moyo was less sure. "A contract with a government is a contract. A plan to find private customers in space is a plan," he said.

Councillors who celebrated the deal in February were quieter yesterday. The agency expects its review to take six weeks.""",
        tags=("Space", "Jobs", "Port Calder"),
        story="station",
    ),
    _syndicated(
        WIRE_FLOOD,
        slug="2026/09/19/ashby-river-floods",
        title="Ashby River floods: 2,000 evacuated as water breaches defences",
        author="Meridian Wire",
        replace=(
            ("PORT CALDER (Meridian Wire) - ", ""),
            ("emergency officials said on Saturday", "emergency officials said yesterday"),
        ),
        append="Port Calder residents with relatives in the valley can call the council's helpline on 0800 555 0142. "
        "Gazette reporters are in Millbrook and will update this story.",
    ),
    Article(
        slug="2026/09/20/flood-evacuations-rise",
        date="2026-09-20T19:20:00Z",
        title="Flood evacuations rise to 3,400 as Millbrook waits for the river to fall",
        author="Fionnuala Grant",
        summary="Officials more than doubled earlier estimates as they counted people staying "
        "with friends. Questions grow over the delayed flood-wall upgrade.",
        body="""The number of people forced from their homes by the Ashby River flood has risen to about 3,400, emergency officials said last night, far more than the 2,000 first reported, as they counted families who had gone to stay with relatives rather than in shelters.

In Millbrook, the river had fallen by about 40 centimetres from its peak but was still lapping at doorsteps in Weavers Row. Volunteers from Port Calder's rowing clubs spent the day ferrying medicines and pet food to people who had refused to leave upstairs flats.

"The first figure was the people we put on buses. This is the people who are actually out of their homes," said Tomasz Reyes of the valley emergency office.

Attention is turning to the flood defences. A council review two years ago recommended raising the Millbrook walls by 80 centimetres, but the work was not scheduled to start until next spring. The peak on Saturday was about a metre above the walls' design level, so the upgrade would not have held back all the water, engineers said, but it might have bought hours.

"We were told next year, then next year again," said Weavers Row resident Gillian Harte, 71, whose ground floor was under half a metre of water.

Valley council leader Benedict Ogunleye said the project would be "brought forward as far as humanly possible." Rail services to Greyhollow remain suspended.""",
        tags=("Flooding", "Tamsin Valley"),
        story="flood",
    ),
    Article(
        slug="2026/10/09/kestrel-leaves-concord",
        date="2026-10-09T06:00:00Z",
        title="Kestrel to take Waypoint away from Concord as agency turns to rival",
        author="Owen Castellanos",
        summary="The space agency has hired Solace Aerospace. Kestrel will fly the Calder-built "
        "module as a private station and says its city workforce is safe.",
        body="""Eight months after it was hailed as the future of human spaceflight, the partnership between Kestrel Orbital and the Allied Space Agency is over. The agency yesterday signed a $780 million contract with Kestrel's rival Solace Aerospace, and Kestrel said it will undock its Calder-built Waypoint module next month and fly it as an independent station.

The agency's review found that Kestrel had fixed the software fault behind June's thruster misfire, but decided that "the partnership no longer offers the certainty the programme needs."

At the east docks plant, the news was met with relief as much as disappointment. Kestrel told staff that all 1,400 jobs in the city were safe, and that a second module, for private customers, would be built there from next year.

"We came to Concord as a supplier. We leave as a neighbour," chief executive Rafael Okafor said. Kestrel says it has signed two paying customers for Waypoint.

The agency will not get back the $1.1 billion it has paid so far, but keeps the right to buy time aboard Waypoint at agreed prices until 2028.

Solace Aerospace builds its spacecraft in the south, far from Port Calder. For a city that had begun calling its docks "the space coast of the north", the map of the space industry has just become a little more crowded.""",
        tags=("Space", "Jobs", "Port Calder"),
        story="station",
    ),
]


# --- The Valley Courier (RSS 2.0) ------------------------------------------------------

COURIER = [
    Article(
        slug="news/lumen-cell-water",
        date="2026-05-14T09:00:00Z",
        title="Battery factory's water needs worry Ashby farmers",
        author="Ruth Abernathy",
        summary="Lumen Cell's plant at the old steelworks would draw from the Ashby. Farmers "
        "downstream want to know how much.",
        body="""The new battery factory planned for the old Calder steelworks has been welcomed across the region for its jobs: 1,200 of them, according to the company. But farmers along the lower Ashby have a different question: how much water will it drink?

Battery manufacturing uses large quantities of very pure water to wash and cool equipment, and the steelworks site holds an old licence to take water from the Ashby River just above Kettle Lock. Lumen Cell has not said how much of that licence it intends to use.

"In a dry August the Ashby is already low by the time it reaches us," said dairy farmer Owain Pritchard, who chairs the Lower Ashby irrigators' group. "We are not against the factory. We are against finding out after it is built."

A Lumen Cell spokesperson said the plant would recycle most of its process water and that a full environmental assessment would be published before construction begins. The regional environment agency said the old licence would have to be reviewed before any new use.

Solid-state battery plants are still rare, and there are few published figures for how much water they need. Dr. Sunita Rao, a water engineer at Greyhollow University, said estimates for conventional battery plants ranged widely. "It depends enormously on how much they recycle," she said.

The company has promised a public meeting in Greyhollow in June.""",
        tags=("Environment", "Farming", "Business"),
        story="battery",
    ),
    Article(
        slug="news/county-fair-returns",
        date="2026-06-06T08:00:00Z",
        title="County fair returns to Greyhollow with record entries for the giant vegetable show",
        author="Megan Tolliver",
        summary="More than 300 entries in the vegetable classes, a new sheep-shearing contest "
        "and a queue for the pie stall that never ended.",
        body="""The Tamsin County Fair returned to Greyhollow showground this weekend with sunshine, sheep and the largest field of giant vegetables in its 112-year history.

Organisers counted 318 entries across the vegetable classes, up from 240 last year. The heaviest pumpkin, grown by retired postman Clifford Haines of Kettle Lock, weighed 412 kilograms and needed a forklift to reach the judging table. "I talk to it every morning," Haines said. "Mostly about the weather."

A new speed-shearing contest drew shearers from across the region. It was won by Ana Lucía Berrios, 24, who sheared a full-grown ewe in one minute and four seconds, to loud cheers from the grandstand.

Fair secretary Judith Okoro said about 21,000 visitors came through the gates over the two days, close to the pre-pandemic record. The Women's Institute pie stall ran out of apple pies by noon on Saturday and had to send volunteers home to bake more overnight.

There were some complaints about parking, with queues on the Greyhollow road stretching back almost two kilometres on Saturday morning. Organisers said they would look at a shuttle bus from the railway station next year.

Full results are printed on page 14 of this week's paper.""",
        tags=("Community", "Greyhollow"),
        story=None,
    ),
    Article(
        slug="news/free-buses-valley-left-out",
        date="2026-07-02T08:30:00Z",
        title="City gets free buses; valley passengers still pay $4.80",
        author="Ruth Abernathy",
        summary="Port Calder's fare-free trial stops at the city boundary, leaving valley "
        "commuters on the same routes paying full fare.",
        body="""From this week, a bus ride across Port Calder costs nothing. A bus ride into Port Calder from Greyhollow still costs $4.80 each way.

The city's twelve-month fare-free trial covers only the 31 routes run by the city's own transit company. The valley services that carry commuters from Greyhollow, Millbrook and Kettle Lock into the city are run by a private operator under contract to the regional council, and are not included.

For some passengers, that means sharing a bus with people who ride free. On the X4, which becomes a city service for its last six stops, riders boarding inside the city boundary pay nothing while those who boarded in the valley pay full fare.

"I am paying nearly ten dollars a day to sit next to someone paying nothing. I do not begrudge them, but it stings," said Millbrook nurse Yetunde Adeyemi, who commutes to Calder General Hospital.

The regional council said extending the scheme to valley routes would cost about $6 million a year and that it would wait for the results of the city's trial. City officials said the trial, costing about $14 million, was designed to test the idea where buses were most frequent.

Valley councillor Morag Fitzgerald has tabled a motion asking for a half-price fare on valley routes while the trial runs.""",
        tags=("Transport", "Tamsin Valley"),
        story="buses",
    ),
    Article(
        slug="news/school-board-four-day-week",
        date="2026-08-12T08:00:00Z",
        title="School board rejects four-day week for rural primaries",
        author="Megan Tolliver",
        summary="Parents packed the meeting; the board voted 5-2 against the plan, which was "
        "meant to help recruit teachers.",
        body="""A proposal to move five rural primary schools in the upper Tamsin Valley to a four-day week was rejected by the county school board on Tuesday night, after parents packed the meeting to argue on both sides.

The plan, put forward by the board's staffing committee, would have lengthened the school day by 75 minutes from Monday to Thursday and closed the schools on Fridays. Supporters said it would help the schools recruit teachers, who have been hard to find: three of the five began last year with vacancies.

Opponents said it would leave working parents without childcare one day a week. "For a farming family, Friday is not a day off. Who is going to watch a six-year-old in lambing season?" asked parent Callum Reid.

The board voted five to two against. Board chair Patricia Mensah said the staffing problem was real and that the board would look at other ways to attract teachers, including help with housing, which several teachers at the meeting said was their biggest obstacle.

Head teacher Samuel Oduya of Upper Tamsin Primary said he was disappointed. "We will keep trying to fill posts the old way. It has not been working," he said.

The board will discuss a housing allowance for rural teachers at its October meeting.""",
        tags=("Education", "Tamsin Valley"),
        story=None,
    ),
    _syndicated(
        WIRE_FLOOD,
        slug="news/ashby-river-bursts-banks",
        title="Ashby bursts banks: thousands evacuated overnight",
        author="Meridian Wire",
        replace=(
            ("about 2,000 residents", "some 2,000 residents"),
            ("No deaths had been reported by mid-morning", "No deaths had been reported by late morning"),
            (
                "The valley council has asked residents",
                "The Courier's offices in Greyhollow are dry and open. The valley council has asked residents",
            ),
        ),
    ),
    Article(
        slug="news/flood-power-cuts-millbrook",
        date="2026-09-21T08:00:00Z",
        title="2,800 homes still without power as Millbrook begins to clean up",
        author="Ruth Abernathy",
        summary="The power company says some streets may wait until Wednesday. About 2,500 people "
        "remain out of their homes, the Courier was told.",
        body="""Two days after the Ashby River came over the walls at Millbrook, about 2,800 homes in the valley were still without electricity on Monday morning, more than the power company's first estimate of 1,800, as engineers found water in substations that had seemed safe on Saturday.

Valley Power said most customers would be reconnected by Tuesday evening, but some streets in Weavers Row and Eastgate might wait until Wednesday, when flooded equipment can be dried and tested.

Council officials told the Courier that about 2,500 people remained out of their homes on Sunday night, a lower figure than the 3,400 reported by some outlets over the weekend, which officials said had included people who had since returned.

The clean-up is beginning where the water has gone. On Mill Street, residents were carrying sodden carpets and furniture to skips provided by the council. "Thirty years of photographs, gone," said Derek Amos, 64, lifting a box of soaked albums.

Volunteers from Greyhollow rugby club and the Kettle Lock mosque spent Sunday shovelling silt from front rooms. The county fair committee has offered its marquee as a store for donated furniture.

Insurers have set up a mobile claims office at the Millbrook library car park. The rail line to Port Calder is expected to reopen on Thursday.""",
        tags=("Flooding", "Tamsin Valley"),
        story="flood",
    ),
    Article(
        slug="news/greyhollow-library-reopens",
        date="2026-10-15T08:00:00Z",
        title="Greyhollow library reopens after two-year rebuild",
        author="Megan Tolliver",
        summary="The rebuilt library has a makerspace, a children's floor and, for the first "
        "time, opening hours on Sunday.",
        body="""Greyhollow's library opened its doors again on Saturday, two years after a roof collapse closed the Victorian building, with a new children's floor, a makerspace with 3D printers and sewing machines, and, for the first time, opening on Sunday afternoons.

Hundreds of people queued along Market Street before the ribbon was cut by 9-year-old Isla Fernández, winner of the library's summer reading challenge, who had read 46 books since June.

The rebuild cost $4.2 million, most of it from the county council, with $600,000 raised by the Friends of Greyhollow Library through book sales, quiz nights and a sponsored swim in the Ashby. The original 1889 reading room has been restored, including its painted ceiling, which conservators spent eight months cleaning.

Librarian Oluwaseun Grant said the Sunday opening had been the most requested change in a survey of residents. "Saturday is for sport and shopping. Sunday is for reading," she said.

The library lost some of its local history collection in the roof collapse. Volunteers have spent two years drying and scanning damaged papers, and about 80 percent have been saved. Digital copies are available on the library's computers.

Opening hours are 9 a.m. to 7 p.m. on weekdays, 9 to 5 on Saturdays and 1 to 5 on Sundays.""",
        tags=("Community", "Greyhollow"),
        story=None,
    ),
]


# --- Parallax Science Monthly (RSS 1.0 / RDF) --------------------------------------------

SCIENCE = [
    Article(
        slug="reef-calder-shelf-lophelia",
        date="2026-01-22T10:00:00Z",
        title="A reef in the dark: what the Calder Shelf coral tells us about deep time",
        author="Dr. Keziah Morrow",
        summary="Cold-water corals grow a few millimetres a year. The newly mapped Calder reef "
        "may be a record of ten thousand years of ocean change.",
        body="""When the robot submarine from the research vessel Sentinel switched on its lights 400 metres below the surface of the Calder Shelf last month, it revealed something that is both spectacular and, in a sense, a library.

The reef mapped by the Calder Ocean Institute runs for about 14 kilometres along the shelf edge. It is built mainly by <em>Desmophyllum pertusum</em>, the coral long known as <em>Lophelia pertusa</em>, which lives without sunlight, feeding on plankton and particles carried by currents. It grows slowly, perhaps five to twenty-five millimetres a year for individual branches, but a reef builds upward far more slowly as old skeletons collapse and new colonies settle on them.

That slowness is what makes the reef valuable to science. Coral skeletons record the chemistry of the water they grew in. Cores drilled through similar reefs elsewhere have been dated to the end of the last ice age and used to reconstruct changes in ocean temperature and circulation.

"If the Calder reef is as old as we think, its base could hold a continuous record since the ice retreated," said chief scientist Dr. Ines Mattheus. The team recovered small dead fragments for dating; results are expected in the spring.

The reef is also fragile. Trawl scars visible in the survey video show how a single pass can destroy centuries of growth. Cold-water corals have no known way to recover quickly from physical damage.

Proposed cable routes across the shelf now face review.""",
        tags=("Oceans", "Climate"),
        story="reef",
    ),
    Article(
        slug="waypoint-contract-engineering",
        date="2026-02-12T09:00:00Z",
        title="Buying a space station by the day: the engineering behind the Waypoint deal",
        author="Tobias Rennick",
        summary="The Allied Space Agency will pay 2.4 billion over seven years for access, not "
        "hardware. The technical risks sit with Kestrel.",
        body="""The contract the Allied Space Agency signed this week with Kestrel Orbital is unusual less for its size, 2.4 billion dollars spread over seven years, than for what it buys. The agency will not own the Waypoint module. It will rent time aboard it.

That shifts the engineering risk onto the company. Waypoint is to be a single pressurised module, roughly 9 metres long and 4.5 metres across, launched fully fitted on Kestrel's Talon rocket and docked to Concord Station's forward port. It must carry its own power, thermal control and manoeuvring thrusters, and its flight software must hand control to the station's systems once docked.

That last step is harder than it sounds. A module approaching a station is a spacecraft flying itself; a module attached to one is a room that must stay still. The moment of transition, when latches close and responsibility shifts, is where several past incidents on other stations have begun.

Kestrel has flown eleven automated cargo missions to Concord, so its guidance software has experience of the approach. But cargo craft stay only weeks and are then discarded. Waypoint is meant to stay for years and, eventually, to outlive the station.

The schedule is tight: a launch in April leaves about ten weeks from contract signature to launch, which is possible only because Kestrel built much of the module at its own expense beforehand.""",
        tags=("Space", "Engineering"),
        story="station",
    ),
    Article(
        slug="waypoint-valve-explained",
        date="2026-04-23T09:00:00Z",
        title="One stuck valve, four thruster groups: why Waypoint is waiting",
        author="Tobias Rennick",
        summary="Kestrel's module can still manoeuvre, but station safety rules demand two ways "
        "to stop. A look at the redundancy logic behind the delay.",
        body="""Waypoint reached orbit on Wednesday in good health except for one component: a latching valve that should have opened to feed propellant to one of the module's four thruster groups, and did not.

Why does one valve matter if three quarters of the thrusters work? The answer lies in the rules for approaching a crewed station. Any vehicle in the final approach corridor must be able to stop or back away even after any single failure. With one thruster group already unavailable, another failure during the approach could leave Waypoint unable to brake in some direction. So a single stuck valve turns a routine approach into an unacceptable one.

Latching valves are used because they hold their position without power, but they can stick if debris lodges in the seat or if the actuator coil is damaged by vibration at launch. Engineers can try pulsing the valve repeatedly, warming it with heaters, or commanding it from a backup circuit.

Kestrel says the module has enough propellant to wait several weeks while it tries these options. If none works, the company may be able to rebalance the remaining thrusters in software, and then ask the agency to accept a modified approach.

The agency has said it supports the delay. The real question is whether the flight software, rewritten on the ground under time pressure, is then tested thoroughly enough.""",
        tags=("Space", "Engineering"),
        story="station",
    ),
    Article(
        slug="solid-state-electrolytes",
        date="2026-05-15T09:00:00Z",
        title="The chemistry inside Lumen Cell's big bet",
        author="Dr. Keziah Morrow",
        summary="Solid electrolytes promise safer, denser batteries. Making them crack-free by "
        "the million is the part nobody has solved yet.",
        body="""Lumen Cell's plan to build a factory for solid-state batteries near Port Calder, announced this week, is a bet on a material that has fascinated battery chemists for decades: a solid that conducts lithium ions almost as well as a liquid.

In today's lithium-ion cells, ions move between the electrodes through a flammable liquid electrolyte. Replacing it with a solid, typically a sulfide or oxide ceramic, could make cells that are harder to set alight and that can use a lithium metal anode, which stores far more charge than the graphite used now. Estimates of the gain in energy per kilogram range from 30 to 80 percent.

The difficulties are physical. Solids do not flow into every gap as liquids do, so the contact between electrolyte and electrodes can degrade as the cell swells and shrinks with each charge. Lithium can also grow in thin filaments, called dendrites, through cracks in the ceramic and short the cell.

Lumen Cell uses a sulfide electrolyte, which is soft enough to press into good contact but reacts with moisture in the air to release hydrogen sulfide. That means production must happen in extremely dry rooms, adding cost.

The company's pilot line makes a few thousand cells a month. A factory of the kind announced must make millions, with almost no defects. "Chemistry made this possible. Manufacturing will decide if it matters," said materials scientist Dr. Anil Varghese.""",
        tags=("Chemistry", "Energy"),
        story="battery",
    ),
    Article(
        slug="waypoint-attitude-excursion",
        date="2026-06-17T09:00:00Z",
        title="How a module pushed a space station 20 degrees off course",
        author="Tobias Rennick",
        summary="Independent tracking suggests Concord rotated further than the official 12 "
        "degrees. Either way, the physics of the event is worrying.",
        body="""When Kestrel's Waypoint module fired its thrusters about two minutes after docking with Concord Station on Monday, it was pushing on a structure roughly twelve times its own mass, from an off-centre point. The result was a rotation. The agency has said the station turned about 12 degrees; an analysis by amateur trackers of the station's changing brightness suggests a peak closer to 20 degrees.

The difference may come from what is being measured: the agency's figure may describe rotation about one axis, while the trackers' estimate combines all three. Both agree the station was back in position within an hour.

A rotation of that size is not in itself dangerous. Concord's structure is built to tolerate much larger loads. The concern is control. Solar arrays and radiators are designed to point in particular directions, and communications antennas can lose their link if the station turns too far. Large rotations also stress the docking interface itself.

The agency says the station's attitude control system first tried to counter the motion with its gyroscopes, which quickly saturated, before ground controllers used Concord's own thrusters.

Kestrel's early explanation is that Waypoint's software did not register that docking had happened, and continued to fly as a free spacecraft. If correct, that is a failure at exactly the hand-over we described in February as the riskiest moment of the mission.""",
        tags=("Space", "Engineering"),
        story="station",
    ),
    Article(
        slug="swift-migration-tracking",
        date="2026-07-20T09:00:00Z",
        title="Tiny trackers reveal swifts stay aloft for ten months at a time",
        author="Dr. Lorna Achebe",
        summary="Data loggers weighing less than a gram show common swifts from the Tamsin "
        "Valley barely land between leaving in August and returning in May.",
        body="""Swifts that nest under the eaves of old houses in the Tamsin Valley spend almost their entire non-breeding lives in the air, according to a study using data loggers light enough to be carried by birds that weigh about 40 grams.

Researchers at Greyhollow University fitted 24 adult swifts with loggers weighing 0.9 grams, recording acceleration and light levels. Of the 13 loggers recovered the following summer, 9 showed the birds had not landed at all between leaving in August and returning in May, a period of about ten months. The others landed only briefly, mostly on cold nights in their winter range in central Africa.

"They eat, drink and sleep on the wing," said lead author Dr. Tomás Eriksen. Sleep, he said, probably happens in short bursts during slow gliding descents at dawn and dusk, when the loggers showed periods of unusually steady flight.

The result confirms earlier findings from other populations but adds detail about how swifts cope with bad weather, including long detours around storms over the Sahara.

Swift numbers in the region have fallen by more than half since the 1990s, largely because renovated buildings no longer have gaps for nests. The researchers, who worked with householders to install nest boxes, hope the findings will help persuade builders to include swift bricks in new homes.

The study appears in this month's Journal of Avian Ecology.""",
        tags=("Biology", "Birds"),
        story=None,
    ),
    Article(
        slug="waypoint-software-verification",
        date="2026-08-29T09:00:00Z",
        title="The bug that broke a partnership: verifying software for docking",
        author="Tobias Rennick",
        summary="The agency's review found Kestrel never tested the case that failed. Why "
        "docking software is so hard to check, and what the agency wants changed.",
        body="""The Allied Space Agency's decision this week to freeze a 310-million-dollar payment to Kestrel Orbital turns on a finding that engineers across the industry will recognise: the failure happened in a situation that the company's tests never exercised.

According to the agency, Waypoint's flight software decides it has docked when sensors on all twelve docking latches report closed. During the docking in June, one latch sensor reported late, by about a second. The software never re-checked, stayed in its free-flying mode, and, seeing the station's motion as an error in its own position, fired its thrusters to correct it.

Testing for such cases is difficult because the number of possible combinations of sensor timings, faults and orders of events is enormous. Agencies have traditionally required that safety-critical software be checked against every requirement and that a large share of its decision logic be exercised in tests. The review found that Kestrel's test campaign, largely run in simulation, had assumed all latch sensors reported together.

The agency now wants independent verification of all software that runs during docking, including hardware-in-the-loop tests with a real docking mechanism.

For Kestrel, the dispute has become existential to the partnership. Its chief executive has said the company could fly Waypoint alone. For the agency, the case is a warning about buying services from companies whose engineering it cannot see.""",
        tags=("Space", "Software"),
        story="station",
    ),
    Article(
        slug="after-concord-commercial-stations",
        date="2026-10-10T09:00:00Z",
        title="Two stations where there was one: what Kestrel's exit means for orbit",
        author="Tobias Rennick",
        summary="With Waypoint flying free and Solace joining Concord, low Earth orbit gains a "
        "second occupied outpost sooner than planned.",
        body="""Kestrel Orbital's decision to undock its Waypoint module from Concord Station and operate it alone means that, by the spring, two occupied outposts may be flying in similar orbits: the agency's ageing station and a single private module with a handful of paying guests.

Engineering Waypoint for independent flight is not trivial. At Concord it could rely on the station's power, life support backup and communications. Alone, it must carry all of these for itself. Kestrel says Waypoint was designed with that possibility in mind, with its own solar arrays sized for independent operation and a carbon dioxide scrubber that can run without help from Concord. Independent experts say its life support margins will be thin for crews of more than two.

Waypoint will raise its orbit by about 20 kilometres, Kestrel says, enough to keep clear of Concord while allowing visiting spacecraft to reach both.

For the agency, Solace Aerospace's module will not launch before late 2027, leaving a gap in which its commercial research plans depend on the station alone, or on renting time aboard Waypoint, which the contract still allows at agreed prices until 2028.

The episode shows how the agency's plan to hand low Earth orbit to companies can succeed in unexpected ways: the market may arrive before the partnership survives.""",
        tags=("Space",),
        story="station",
    ),
]


# --- Northlight Engineering (Atom 1.0, xml:base, relative links) -----------------------------

TECH = [
    Article(
        slug="2026/03/quillzip-cve-what-we-did",
        date="2026-03-03T17:40:00Z",
        title="CVE-2026-1184 in quillzip: what we checked, and what we changed",
        author="Mirela Kovač",
        summary="Our sync service decompresses untrusted input with quillzip. Here is how we "
        "confirmed exposure, rolled out 2.9.4 and added a fuzzing job.",
        body="""This morning Halyard Labs published CVE-2026-1184, a heap overflow in quillzip's block decoder. Like a lot of you, we use quillzip: our sync service decompresses uploads from customers' devices with it. This post explains what we checked and what we changed today.

<strong>The bug.</strong> When a compressed block declares a back-reference longer than the remaining output window, versions before 2.9.4 copy past the end of the buffer. An attacker who controls the compressed bytes controls the length. The fix adds a bounds check before the copy; the <a href="https://quillzip.example/commit/9f3e1c">patch</a> is twelve lines.

<strong>Were we exposed?</strong> Yes, in one place. Our upload path runs decompression in a sandboxed worker with no network access and a memory limit, so a successful exploit would have been contained, but we do not rely on containment alone. We found two more copies statically linked into third-party tools in our build images.

<strong>What we changed.</strong> We rebuilt with 2.9.4 and deployed by 14:00 UTC. We added a CI check that fails if any binary we ship links a quillzip older than the fixed version (see <a href="../../tools/linkcheck">our link checker</a>). And we added quillzip's decoder to our nightly fuzzing, which we describe in <a href="../../2025/11/fuzzing-on-a-budget">Fuzzing on a budget</a>.

The library is maintained by two volunteers. We have started sponsoring the project, and we think you should too if you ship it.""",
        tags=("security", "incident"),
        story="quillzip",
    ),
    Article(
        slug="2026/03/paying-for-the-commons",
        date="2026-03-12T09:00:00Z",
        title="Twelve lines and two volunteers: paying for the software we stand on",
        author="Theo Lindqvist",
        summary="A week after quillzip, some numbers on what our dependencies cost us, what we "
        "pay for them, and the budget line we are adding.",
        body="""A week ago we patched CVE-2026-1184 in quillzip, a compression library maintained by two volunteers and built into millions of devices. The fix was twelve lines. Finding the bug took a security firm months. Shipping the fix will take the industry years.

We counted. Our product depends, directly or through other packages, on 1,412 open-source components. Of those, 212 are maintained by a single person, and 37 have had no release in three years. Our total spending on open-source sponsorship last year was $6,000, less than we spent on conference coffee.

We do not think there is a tidy answer. Money does not automatically buy maintainers time, and plenty of maintainers do not want a sponsor's expectations. But "do nothing" clearly produces the outcome we saw last week.

So here is what we are doing. We are setting aside 1 percent of our engineering budget for the components we rely on most, chosen by a script that weighs how many of our services use a package against how few people maintain it (<a href="../../tools/dependency-census">the script is here</a>). Engineers can spend up to a day a month contributing upstream, and we will count that as roadmap work, not a favour.

We will report back in a year on what this bought, and whether it changed anything. Our first payments, including to quillzip, went out yesterday.""",
        tags=("open source", "culture"),
        story="quillzip",
    ),
    Article(
        slug="2026/04/queue-on-postgres",
        date="2026-04-08T08:30:00Z",
        title="We moved our job queue into Postgres, and it was fine",
        author="Mirela Kovač",
        summary="SKIP LOCKED, a partial index and a nightly vacuum: how 40 million jobs a day fit "
        "in the database we already had.",
        body="""For five years, our background jobs ran through a dedicated message broker. Last month we moved them into PostgreSQL, the database we already run for everything else. This is a short account of how, and of the two things that surprised us.

The core is one table: jobs with a status, a run-after time and a payload. Workers claim work with <code>SELECT ... FOR UPDATE SKIP LOCKED LIMIT 50</code>, which lets many workers pull from the same table without waiting for each other. A partial index on pending jobs keeps the claim query fast no matter how many finished jobs pile up.

We process about 40 million jobs a day, peaking at 1,100 a second. The database barely noticed. The broker, by comparison, needed its own cluster, its own monitoring and its own on-call knowledge that only three of us had.

Surprise one: finished jobs must be deleted promptly, or table bloat slows everything. We now delete in small batches every minute and run an aggressive vacuum on that table.

Surprise two: the biggest win was transactional. A job is now enqueued in the same transaction as the change that caused it, so we can no longer send an email for an order that was rolled back. That class of bug, which cost us a dozen incidents, is simply gone.

Code and migration notes are in <a href="../../notes/queue-migration">our notes</a>.""",
        tags=("databases", "architecture"),
        story=None,
    ),
    Article(
        slug="2026/05/solid-state-yield",
        date="2026-05-13T16:00:00Z",
        title="Solid-state batteries are a yield problem, not a chemistry problem",
        author="Theo Lindqvist",
        summary="Lumen Cell's factory announcement is exciting. The number we would watch is not "
        "jobs or dollars but the share of cells that come off the line working.",
        body="""Lumen Cell announced yesterday a factory near Port Calder for solid-state batteries, with 1,200 jobs and $900 million of investment, or 1,500 and $1.1 billion, depending on who you read. We build battery management firmware for several vehicle makers, so we get asked about solid-state a lot. Our view: the chemistry works; the open question is yield.

Yield is the fraction of cells that come off a production line good enough to ship. Mature lithium-ion lines reach well above 95 percent. For a new process, early yields of 60 or 70 percent are common, and every failed cell costs its full materials.

Solid-state cells are unforgiving. A ceramic separator a few tens of micrometres thick must be free of cracks across its entire area; a single flaw can let lithium grow through and short the cell, sometimes only after hundreds of cycles. That means defects may not show up in factory testing at all, which matters a great deal for anyone writing the software that decides whether a pack is healthy.

What would convince us? Published yield figures from the pilot line, data on capacity after 1,000 cycles at realistic temperatures, and cell-to-cell variation within a batch. None of these were in yesterday's announcement.

We would love to be proven wrong early. See our <a href="../../2025/09/cell-balancing">earlier post on cell balancing</a> for why variation matters so much.""",
        tags=("batteries", "hardware"),
        story="battery",
    ),
    Article(
        slug="2026/06/timezones-are-data",
        date="2026-06-02T08:30:00Z",
        title="Time zones are data, not code",
        author="Ada Nwosu",
        summary="A rule change in one country broke our scheduling for three hours. The fix was "
        "to stop treating the tz database as a constant.",
        body="""In May, a country where some of our customers live changed its daylight-saving rules with five weeks' notice. Our scheduler, which sends reminders at local times, sent a morning's worth of them an hour early. Nobody was harmed, but it was embarrassing, and the cause was instructive.

The time zone database, the list of every region's offsets and rule changes, is updated several times a year. We bundled it into our container images and treated it as part of the code. The updated rules had been published three weeks before the change took effect, but our images were only rebuilt when the application changed, and this service had not changed.

The fix has three parts. First, the tz database now comes from a package that our build system updates weekly, independently of application releases. Second, we store future appointments as a local time plus a zone name, never as a precomputed UTC instant, and compute the instant when needed, because the rules for next year can still change. Third, a monitoring job compares the zone version in every running service with the latest release and alerts when one falls behind.

The second point is the one we would urge on anyone: a meeting at 9:00 in Lisbon next March is not a fixed moment yet. Store what the human asked for.

The details are in <a href="../../notes/tz-updates">our notes</a>.""",
        tags=("time", "reliability"),
        story=None,
    ),
    Article(
        slug="2026/08/latch-sensors-and-state-machines",
        date="2026-08-30T10:00:00Z",
        title="What the Waypoint review teaches about state machines",
        author="Ada Nwosu",
        summary="A docking module fired its thrusters because one sensor was a second late. We "
        "have shipped the same bug, on the ground.",
        body="""The space agency's review of June's Waypoint incident, published this week, describes a failure that anyone who has written a state machine should read closely.

As the agency tells it, Waypoint's software moved from "approaching" to "docked" only when all twelve latch sensors reported closed in the same cycle. One sensor reported about a second late. The software had already evaluated the condition, found it false, and never evaluated it again, because the transition was only checked when the capture event fired. So the module stayed in its free-flying state, saw the station's motion as a drift in its own position, and fired thrusters to correct it.

We have shipped this bug. Our payment service once waited for "all confirmations received" only at the moment the last webhook arrived, and missed confirmations that arrived out of order. The lesson is the same: a transition condition that depends on several inputs must be re-evaluated whenever any of them changes, not only when one particular event happens.

Two practices help. Write transitions as functions of the whole current state, not of the latest event, and test them by generating orderings of events rather than writing a few by hand. Property-based testing is good at this; we wrote about it in <a href="../../2025/11/fuzzing-on-a-budget">Fuzzing on a budget</a>.

None of this makes docking easy. It does make this particular failure less likely, in space or in accounting.""",
        tags=("software design", "testing"),
        story="station",
    ),
    Article(
        slug="2026/10/release-4-2",
        date="2026-10-20T09:00:00Z",
        title="Northlight Sync 4.2: offline edits, smaller installs",
        author="Northlight team",
        summary="Edits made offline now merge instead of conflicting, installs are 38% smaller, "
        "and quillzip is gone from our dependencies.",
        body="""Northlight Sync 4.2 is rolling out this week. Here is what changes.

<strong>Offline edits merge.</strong> Until now, if you edited the same document on two devices while one of them was offline, you got a conflict copy. In 4.2, edits to different parts of a document merge automatically, and conflicts are shown inline, paragraph by paragraph. This uses the same change log our servers keep, so there is no new data stored about you.

<strong>Smaller installs.</strong> The desktop app is 38 percent smaller. Most of the saving came from removing two bundled image libraries we no longer needed, and from replacing quillzip with the compression built into the platforms we run on. After March's vulnerability, we decided one fewer parser of untrusted input was worth the migration.

<strong>Faster first sync.</strong> New devices now download documents in the order you are likely to open them, starting with the ones you edited most recently. On a large account, the first useful document appears in about four seconds instead of forty.

<strong>Fixes.</strong> Reminders now respect time zone rule changes published after installation (see <a href="../06/timezones-are-data">Time zones are data</a>). Sharing links no longer expire a day early for users east of UTC.

The full list is in the <a href="../../changelog#4.2">changelog</a>.""",
        tags=("release",),
        story=None,
    ),
]


# --- Trendspotter Daily (Atom 1.0, no xml:base) --------------------------------------------------

SCROLL = [
    Article(
        slug="quillzip-setting-now",
        date="2026-03-05T13:00:00Z",
        title="Change This One Router Setting NOW (Experts Are Begging You)",
        author="Trendspotter Staff",
        summary="A hidden flaw lurks in millions of homes. Here is the ten-second fix.",
        body="""Millions of people have no idea that a tiny piece of hidden software inside their home router could be a gateway for hackers, and experts are sounding the alarm.

The flaw, in a program called quillzip that helps devices shrink and unpack files, was revealed this week by security researchers. In the worst case, a booby-trapped file could let a hacker take control of a gadget. Scary stuff!

So what is the "one setting"? It is automatic updates. Most routers have a page you can reach through your browser, often by typing an address printed on a sticker on the bottom of the box. Look for something called "firmware" or "automatic updates" and switch it on. If your router offers an update right now, install it.

Phones and laptops will get the fix through their normal updates, so keep saying yes to those too.

There is no evidence that hackers are actually using the flaw yet, researchers say, and the fix is already out. But if your router is ancient and has not updated in years, it might be time for a new one.

And here is the wild part: the software that runs inside all those gadgets is looked after by just two volunteers in their spare time. Internet, we owe them a coffee.""",
        tags=("tech", "life hacks"),
        story="quillzip",
    ),
    Article(
        slug="space-station-mishap",
        date="2026-04-24T15:30:00Z",
        title="The Space Station Mishap Nobody Is Talking About (And Why It Could Change Everything)",
        author="Trendspotter Staff",
        summary="A brand-new module is stuck in orbit. Is the future of space travel in "
        "danger? We break it down.",
        body="""It was supposed to be the start of a new era in space. Instead, a brand-new module built by a private rocket company is floating in orbit, unable to dock, all because of one stubborn valve.

Here is what happened. On Wednesday, Kestrel Orbital launched Waypoint, the first privately built room for the Concord space station. The launch went perfectly. But soon after, one of the valves that feed fuel to its steering thrusters refused to open. And without every thruster working, the rules say it cannot go near a station with astronauts on board.

So is anyone in danger? No. The module is healthy, the astronauts on Concord are fine, and the company says it can wait in orbit for weeks while engineers try to fix the valve from the ground. The space agency says it supports the delay.

But here is why it matters: the space agency is betting billions that private companies can take over from government space stations in the next few years. If the first privately built module cannot even dock on time, critics will have plenty to say.

Could a valve really change everything? Probably not on its own. But keep watching this one. We have a feeling the story is just getting started.""",
        tags=("space", "trending"),
        story="station",
    ),
    Article(
        slug="battery-factory-could-mean",
        date="2026-05-13T19:00:00Z",
        title="A Battery Factory Is Coming And It Could Mean Cheaper Electric Cars",
        author="Trendspotter Staff",
        summary="The company behind it says its batteries are safer and hold more charge. Here "
        "is what you need to know.",
        body="""Electric cars that charge faster and go further? That is the promise behind a new factory announced this week by battery company Lumen Cell, which wants to make "solid-state" batteries on the site of an old steelworks near Port Calder.

What is a solid-state battery? Today's car batteries contain a liquid that lets the electricity-carrying particles move around. That liquid can catch fire if the battery is damaged. Solid-state batteries swap it for a thin solid layer, which should be safer and let the battery hold more energy for its size.

The factory is set to cost around $900 million and could employ about 1,200 people, the company says, though some local reports put the figure higher. Production is due to start in 2028.

So will your next car be cheaper? Not so fast. Experts say making these batteries in huge numbers is really hard, and nobody has done it cheaply yet. The company currently makes only a few thousand a month on a test line.

Still, for a town that lost thousands of jobs when its steelworks closed, it is big news. And if it works, the batteries could end up in cars, phones and even home power walls.

We will be keeping an eye on this one.""",
        tags=("cars", "money"),
        story="battery",
    ),
    Article(
        slug="gadgets-under-50",
        date="2026-09-02T11:00:00Z",
        title="9 Clever Kitchen Gadgets Under $50 That Actually Earn Their Drawer Space",
        author="Trendspotter Staff",
        summary="We tested dozens of kitchen gadgets. These are the ones we kept using after "
        "the novelty wore off.",
        body="""Every kitchen has a drawer of gadgets that seemed brilliant in the shop and have not been touched since. We spent a month testing 37 of the most popular cheap kitchen tools to find the ones worth the space.

<strong>1. A digital probe thermometer ($18).</strong> The single best way to stop overcooking chicken. Ours reads in about three seconds.

<strong>2. A bench scraper ($9).</strong> Moves chopped vegetables, cleans the counter, divides dough. The most used thing we tested.

<strong>3. A microplane grater ($15).</strong> Zest, garlic, hard cheese, nutmeg. Buy one with a cover, for your knuckles' sake.

<strong>4. A salad spinner ($28).</strong> Dry leaves mean dressing that sticks. Choose one with a flat lid that doubles as a serving bowl cover.

<strong>5. Silicone stretch lids ($12 a set).</strong> Goodbye cling film. They lasted the month without tearing.

<strong>6. A kitchen scale ($22).</strong> Baking is chemistry; cups are guesses.

<strong>7. A jar opener ($8).</strong> Not glamorous. Used daily in our test kitchen.

<strong>8. A fish spatula ($16).</strong> Thin and flexible, it is the best spatula for everything, not just fish.

<strong>9. A knife sharpener ($35).</strong> A sharp cheap knife beats a blunt expensive one.

What did not make the cut? The avocado slicer, the herb scissors and the egg separator. Use a knife, a knife, and your hands.""",
        tags=("shopping", "kitchen"),
        story=None,
    ),
]


# --- Low Orbit Hour (podcast, RSS 2.0 + iTunes + podcast namespace) ---------------------------


@dataclass(frozen=True)
class Episode:
    article: Article
    number: int
    duration: str  # itunes:duration as publishers write it
    seconds: int
    size: int  # bytes
    transcript: str | None = None  # file name under the demo base URL


PODCAST = [
    Episode(
        Article(
            slug="episode-41-renting-a-room-in-orbit",
            date="2026-02-13T05:00:00Z",
            title="41: Renting a room in orbit",
            author="Low Orbit Hour",
            summary="The Allied Space Agency has signed Kestrel Orbital to build Waypoint. What "
            "does it mean to buy a space station by the day?",
            body="""This week the Allied Space Agency signed a deal that could change how people live and work in space: Kestrel Orbital will build a module called Waypoint for Concord Station, and the agency will rent time aboard it instead of owning it.

Hosts Imogen Strand and Kofi Mensah talk through the $2.4 billion contract, why the agency wants to stop owning hardware in low Earth orbit, and what could go wrong with a schedule that has Waypoint docked by the summer.

Our guest is former station flight director Ruth Okonjo, who explains why the hardest part of adding a new module is not the launch or the approach but the few minutes after docking, when a spacecraft has to stop behaving like one. "A module that is still flying itself when it should be part of the station is the nightmare scenario," she says.

We also hear from listeners in Port Calder, where Kestrel builds much of its hardware, about what the contract means for jobs on the east docks.

In this episode: the difference between a contract for hardware and a contract for services; why Kestrel built much of the module on its own money; and the committee member who thinks the schedule is fantasy.

Chapters: 00:00 intro; 04:10 the deal; 17:35 Ruth Okonjo on docking; 38:20 Port Calder voices; 46:05 listener questions.""",
            tags=("Space",),
            story="station",
        ),
        number=41,
        duration="52:14",
        seconds=3134,
        size=50_224_000,
    ),
    Episode(
        Article(
            slug="episode-44-twelve-lines",
            date="2026-03-13T05:00:00Z",
            title="44: Twelve lines of code and two tired volunteers",
            author="Low Orbit Hour",
            summary="A special about the quillzip flaw: the researchers who found it, the "
            "volunteers who fixed it and the routers that will never be patched.",
            body="""A short detour from space this week. A flaw in quillzip, a compression library hidden in millions of routers, phones and printers, has put the spotlight on the volunteers who maintain the software the internet runs on.

Imogen talks to Amara Diallo of Halyard Labs, who found the bug, about how it was discovered and why the disclosure took two months. "We found it in an afternoon. We spent eight weeks making sure the fix could actually reach people," she says.

Then Kofi speaks to quillzip maintainer Jonas Feld, who has looked after the library in his evenings for eleven years. He describes the week after disclosure: hundreds of emails, a handful of donations and one company that asked him to sign a support contract for free.

We also ask what ordinary listeners should do (update your router, and if it is too old to be updated, think about replacing it) and why the problem will linger in devices for years.

This episode connects to our space coverage more than you might think: the software in spacecraft depends on the same kind of small, shared libraries.

Chapters: 00:00 intro; 03:00 Amara Diallo on the discovery; 21:40 Jonas Feld on maintaining quillzip; 40:15 what to do at home.""",
            tags=("Technology",),
            story="quillzip",
        ),
        number=44,
        duration="48:51",
        seconds=2931,
        size=46_902_000,
    ),
    Episode(
        Article(
            slug="episode-49-a-quiet-room",
            date="2026-06-19T05:00:00Z",
            title="49: A quiet room that would not stay quiet",
            author="Low Orbit Hour",
            summary="Waypoint docked at last, then pushed Concord Station off balance. We go "
            "through the minutes after capture, second by second.",
            body="""Waypoint has finally docked with Concord Station, eight weeks late. And then, two minutes after capture, its thrusters fired for about forty seconds and turned the whole station off its normal orientation.

Imogen and Kofi reconstruct the event from the agency's public audio loops and briefings. How far did the station rotate? The agency says about 12 degrees; independent trackers suggest nearer 20. We explain why both numbers might be right.

Former flight director Ruth Okonjo, our guest back in February, returns to explain what controllers would have been doing in those minutes, and why the station's gyroscopes could not handle the motion alone. "I said the nightmare was a module still flying itself after docking. I did not enjoy being right," she says.

We also hear from Port Calder, where the module was built, and where the mood at the Kestrel plant swung from celebration to silence within minutes.

And we ask the question everyone is asking: what does this mean for the agency's plan to rely on private companies in orbit?

Chapters: 00:00 intro; 02:30 the timeline; 15:45 Ruth Okonjo; 33:10 Port Calder; 44:00 what happens next.""",
            tags=("Space",),
            story="station",
        ),
        number=49,
        duration="55:40",
        seconds=3340,
        size=53_440_000,
    ),
    Episode(
        Article(
            slug="episode-50-the-battery-bet",
            date="2026-07-03T05:00:00Z",
            title="50: The battery bet on the steelworks site",
            author="Low Orbit Hour",
            summary="Lumen Cell wants to make solid-state batteries where Port Calder once made "
            "steel. A chemist, an engineer and a former steelworker weigh in.",
            body="""For our fiftieth episode we come down to Earth, to the old Calder steelworks, where battery company Lumen Cell plans to build a factory for solid-state batteries.

Kofi walks the fence line with Gareth Lowe, who worked the blast furnace for 22 years until the works closed in 2017. "They keep telling us what will be here. I will believe it when the lights are on," he says.

Imogen talks to materials scientist Dr. Anil Varghese about why a solid electrolyte could make batteries safer and denser, and why the sulfide material Lumen Cell uses must be handled in rooms drier than a desert.

Then battery firmware engineer Theo Lindqvist explains why he thinks the number to watch is yield, the share of cells that come off the line working, rather than the jobs or investment figures in the headlines. Those figures differ, by the way: the company said 1,200 jobs and $900 million; the local paper reported 1,500 and $1.1 billion including public money. We explain the gap.

Finally, farmers on the lower Ashby tell us why they want to know how much river water the plant will use.

Chapters: 00:00 intro; 03:20 at the steelworks; 14:10 the chemistry; 29:00 the yield question; 41:30 water.""",
            tags=("Energy",),
            story="battery",
        ),
        number=50,
        duration="1:01:05",
        seconds=3665,
        size=58_640_000,
    ),
    Episode(
        Article(
            slug="episode-53-partners-to-rivals",
            date="2026-08-31T05:00:00Z",
            title="53: From partners to rivals",
            author="Low Orbit Hour",
            summary="The agency froze $310 million and Kestrel threatened to take Waypoint and go. "
            "How a flagship partnership unravelled in ten weeks. Transcript available.",
            body="""Six months ago, the Waypoint contract was the Allied Space Agency's flagship: proof that private companies could take over human spaceflight in low Earth orbit. This week the agency froze a $310 million payment, and Kestrel Orbital answered that it might simply undock Waypoint and fly it as its own station.

Imogen and Kofi go through the agency's review, which found that Waypoint's software decided it had docked only if all twelve latch sensors reported closed at once, and never checked again when one reported a second late.

Software engineer Ada Nwosu explains why that is a classic state machine bug, one she has seen in payment systems on the ground. Industry analyst Beatrix Mohr explains the business logic of Kestrel's threat, and why an independent station might suit the company better than a contract.

And we ask whether this is a failure of the commercial model or a sign that it is working, if messily: a company with its own station in orbit is exactly what the agency said it wanted, just not like this.

A full transcript of this episode is available for the first time, in WebVTT format, linked in your podcast app.

Chapters: 00:00 intro; 02:00 what the review found; 12:30 Ada Nwosu on state machines; 27:45 Beatrix Mohr on the business; 41:10 what comes next.""",
            tags=("Space",),
            story="station",
        ),
        number=53,
        duration="49:58",
        seconds=2998,
        size=47_980_000,
        transcript="low-orbit-hour-53.vtt",
    ),
]


# --- Launch Site TV (YouTube-style Atom with Media RSS) ------------------------------------------


@dataclass(frozen=True)
class Video:
    article: Article
    video_id: str
    views: int
    seconds: int


VIDEOS = [
    Video(
        Article(
            slug="reef-footage",
            date="2026-01-24T16:00:00Z",
            title="FIRST LOOK: Deep coral reef filmed 400 m down on the Calder Shelf",
            author="Launch Site TV",
            summary="Exclusive footage from the Sentinel's underwater robot.",
            body="""We joined the crew of the research vessel Sentinel for the last week of its survey of the Calder Shelf, and the Calder Ocean Institute has allowed us to share some of the footage its underwater robot recorded on the newly mapped cold-water coral reef.

In this video you will see the robot's descent through 400 metres of dark water, the moment the reef first appears in its lights, and close-ups of the coral polyps feeding with their tentacles extended. Look out for the redfish hiding among the branches at 06:40, and for the deep-sea sponge at 09:15 that the scientists think could be centuries old.

We also talk to chief scientist Dr. Ines Mattheus about how the reef was found, how old it might be, and why it matters that it lies on the route of two planned power cables. And we show, with the institute's permission, the trawl scars found along part of the reef, which show how quickly centuries of growth can be destroyed.

The full survey data will be published by the institute later this year. Chapters: 00:00 boarding the Sentinel; 03:10 the descent; 06:00 the reef; 11:30 interview; 16:45 trawl damage.""",
            tags=("Science",),
            story="reef",
        ),
        video_id="rF9kq2TxL0a",
        views=184_220,
        seconds=1140,
    ),
    Video(
        Article(
            slug="waypoint-launch",
            date="2026-04-22T07:30:00Z",
            title="Talon launches Waypoint: full launch and module separation",
            author="Launch Site TV",
            summary="Liftoff from the Serra Coast with commentary, plus what we know about the "
            "valve problem.",
            body="""Kestrel Orbital's Talon rocket lifted off from the Serra Coast launch site at 06:12 local time carrying Waypoint, the first privately built module for Concord Station. This is our full coverage of the launch, from the final countdown to the moment the module separated from the upper stage.

Our commentators explain each milestone: engine ignition, the moment of maximum aerodynamic pressure, first-stage separation and the landing of the booster on the recovery ship, and the nine-minute burn of the upper stage that placed Waypoint into orbit.

About an hour after launch, Kestrel confirmed that one of the four propellant valves feeding the module's thrusters had failed to open. At the end of the video we explain what a latching valve is, why the agency's rules mean the module cannot approach the station with one thruster group out of action, and what engineers can try next.

Docking, which had been planned for Friday, has been postponed by at least a week. We will be streaming the approach live when it happens.

Chapters: 00:00 countdown; 05:10 liftoff; 06:25 max-Q; 08:40 booster landing; 14:20 separation; 16:00 the valve problem explained.""",
            tags=("Space",),
            story="station",
        ),
        video_id="Wp7Tal0nL4x",
        views=402_918,
        seconds=1260,
    ),
    Video(
        Article(
            slug="waypoint-docking-replay",
            date="2026-06-15T22:10:00Z",
            title="Waypoint docking replay: capture, then the thruster firing",
            author="Launch Site TV",
            summary="The full approach and the unexpected firing that rotated Concord Station, "
            "with the agency's audio.",
            body="""Eight weeks later than planned, Waypoint finally reached Concord Station on Monday. This replay shows the final approach from 200 metres, the capture and the closing of the docking latches, and then the moment, about two minutes later, when the module's thrusters fired unexpectedly and began to turn the whole station.

We have synchronised the agency's public audio loop with the external camera views so you can hear controllers work through the event. Listen at 11:05 for the first call of an attitude excursion, and at 13:40 for the decision to use the station's own thrusters once its gyroscopes could no longer hold it.

The agency says the station rotated about 12 degrees before it was steadied, and that the three astronauts aboard were never in danger. Kestrel has disabled Waypoint's thrusters and says the cause appears to be in its flight software.

We will follow the investigation and bring you the agency's findings when they are published.

Chapters: 00:00 approach from 200 m; 06:30 capture; 08:15 latches closed; 10:50 the thruster firing; 14:00 recovery; 18:10 the agency briefing.""",
            tags=("Space",),
            story="station",
        ),
        video_id="Dk2Cap7ure9",
        views=1_206_441,
        seconds=1395,
    ),
    Video(
        Article(
            slug="inside-east-docks",
            date="2026-07-25T16:00:00Z",
            title="Inside the east docks: how a shipyard town learned to build spacecraft",
            author="Launch Site TV",
            summary="A tour of Kestrel's Port Calder plant, from welding bays to the clean room.",
            body="""Port Calder built ships for 150 years. Today, on the same east docks, Kestrel Orbital builds pressure hulls for spacecraft. We were given a rare tour of the plant, weeks after the module it built, Waypoint, docked with Concord Station.

We start in the welding bays, where former shipyard workers now join aluminium-lithium panels with friction stir welding, a process that joins metal without melting it. Welder Patrick Doyle, who spent 19 years building ferries, explains what carried over: "Steel or aluminium, the sea or space, the question is the same. Will it hold?"

Next, the clean room, where technicians in full gowns fit out the interior of a test hull. Then the pressure test chamber, where every hull is filled to well above its working pressure and watched for hours.

We ask plant manager Cora Lindahl about the June thruster incident and the investigation. She will not comment on the findings, but says the plant's hardware "did what it was built to do" and the issue lies in software written elsewhere in the company.

And we meet apprentices from Port Calder's technical college, some of whom are the children of steelworkers and shipbuilders.

Chapters: 00:00 the east docks; 02:45 welding bays; 09:30 the clean room; 15:10 pressure testing; 19:00 Cora Lindahl; 23:40 apprentices.""",
            tags=("Space", "Industry"),
            story="station",
        ),
        video_id="EastD0cks01",
        views=96_530,
        seconds=1590,
    ),
    Video(
        Article(
            slug="waypoint-goes-solo",
            date="2026-10-09T17:00:00Z",
            title="Why Kestrel is taking Waypoint away from Concord (explained)",
            author="Launch Site TV",
            summary="From flagship partnership to rival station in eight months: the whole story, "
            "and what happens at undocking.",
            body="""In February, Kestrel Orbital's Waypoint module was the future of the Allied Space Agency's plans for low Earth orbit. This week the agency signed a $780 million contract with Solace Aerospace instead, and Kestrel announced it will undock Waypoint next month and fly it as a private station.

In this video we go through the whole story: the contract, the stuck valve after launch, the thruster firing that tilted Concord Station in June, the review that found Kestrel had never tested the situation that went wrong, the frozen $310 million payment, and finally the split.

Then we look ahead. Using animations, we show how Waypoint will undock, raise its orbit by about 20 kilometres and operate on its own, and what it needs to keep a crew alive without the station's support. We also look at Solace's module, which will not launch before late 2027.

Finally, we ask whether this is a failure or, in a strange way, a success for the agency's commercial plan: it wanted private stations, and it is getting one, just not the way it planned.

Chapters: 00:00 the story so far; 07:20 the split; 11:05 undocking animated; 16:30 Solace's module; 20:10 failure or success?""",
            tags=("Space",),
            story="station",
        ),
        video_id="S0loW4ypt3b",
        views=311_004,
        seconds=1465,
    ),
]
