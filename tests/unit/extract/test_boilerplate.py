"""Chrome rules on blocks and on plain text, and per-site repeated lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.content.extract import clean_text, extract_article, fingerprint, learn_site_lines
from tidings.content.extract.blocks import Block, BlockKind
from tidings.content.extract.boilerplate import (
    caption_key,
    filter_blocks,
    is_credit_line,
    is_credited_caption,
    is_dateline,
    is_promo_heading,
    is_prompt,
    is_standfirst,
)

DATA = Path(__file__).parents[2] / "data" / "extract"


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe to the Morning Review newsletter",
        "Get our weekly newsletter in your inbox.",
        "Become a member today and read without limits.",
        "Sign up for our free daily newsletter and never miss a story.",
        "Already a subscriber? Log in to continue reading.",
        "Download our app for breaking news alerts.",
        "Available on the App Store",
        "Share this article",
        "Follow us on Twitter and Facebook",
        "We use cookies to improve your experience.",
        "Advertisement",
        "5 min read",
        "Photo: Jane Doe, Reuters",
        "... more",
        "© 2024 The Example Times",
        "Related: Ten things to know about the budget",
        "If you enjoyed this article, we have a proposition for you: become a member today.",
        "Source: News agencies",
        "Reach the reporter on Twitter at @example",
        "Follow the Opinion section on Facebook and Instagram.",
        "If you enjoyed this article, " + "join our members' club and read everything. " * 8,
        "We’d like to hear what you think about this or any of our articles.",
        "Advertisement - Continue reading below",
        "Story continues below advertisement",
        "This slideshow requires JavaScript.",
        "Your browser does not support the video tag.",
        "CLICK HERE TO GET THE HARBOUR NEWS APP",
        "Share Tweet Email",
        "Facebook Twitter LinkedIn Print 12",
    ],
)
def test_prompts(line: str) -> None:
    assert is_prompt(line)


@pytest.mark.parametrize(
    "line",
    [
        "Netflix added two million subscribers in the quarter, the company said.",
        "The lawsuit alleges copyright infringement on a large scale.",
        "The minister said more money would follow in the spring.",
        "She shared a photo of the flooded street with reporters.",
        "Subscribe " + "x" * 400,  # long blocks are content whatever words they use
        "The source said the minister would resign before the vote.",
        "We would like to hear the case again, the judges wrote.",
        "Residents can sign up for the scheme at the town hall until Friday.",
        "The bank's weekly newsletter warned clients of a slowdown.",
        "Half of all readers who subscribe leave within a year.",
        "“Everyone should subscribe,” the mayor said of the new bus pass.",
        "She hoped to become a member of the regional council.",
        "Twitter and Facebook shares fell on Monday.",
        "Reading the report, she said, was like reading a novel.",
    ],
)
def test_content_is_not_a_prompt(line: str) -> None:
    assert not is_prompt(line)


@pytest.mark.parametrize(
    "heading",
    [
        "Related stories",
        "You may also like",
        "Most read",
        "Top stories",
        "Our picks",
        "More from Business",
        "Read more:",
    ],
)
def test_promo_headings(heading: str) -> None:
    assert is_promo_heading(heading)


def test_a_related_list_goes_with_its_heading() -> None:
    p = lambda t: Block(BlockKind.PARAGRAPH, f"<p>{t}</p>", t)
    item = lambda t: Block(BlockKind.ITEM, f"<li>{t}</li>", t, len(t))
    blocks = [
        p("First paragraph of the story."),
        Block(BlockKind.HEADING, "<h3>Related</h3>", "Related"),
        item("Another story"),
        item("And another"),
        p("A last paragraph of the story."),
    ]
    kept = [b.text for b in filter_blocks(blocks)]
    assert kept == ["First paragraph of the story.", "A last paragraph of the story."]


def test_clean_text_for_plain_documents() -> None:
    text = (DATA / "plain_document.txt").read_text(encoding="utf-8")
    cleaned = clean_text(text)
    assert "The river authority will dredge the lower channel" in cleaned
    assert "barges will be diverted through the old cut" in cleaned
    assert "Boat owners have been asked to move moorings" in cleaned
    for chrome in (
        "Related stories",
        "Lock keeper retires",
        "Sign up",
        "Share this",
        "Download our app",
    ):
        assert chrome not in cleaned
    assert "\n\n\n" not in cleaned


def test_site_lines_are_learned_from_repetition() -> None:
    footer = "The Coastal Ledger is part of the Harbour Media group"
    pages = [f"Story number {i} about something else entirely.\n{footer}" for i in range(5)]
    learned = learn_site_lines(pages)
    assert fingerprint(footer) in learned
    assert fingerprint("Story number 1 about something else entirely.") not in learned
    assert learn_site_lines(pages[:2]) == frozenset()  # too few pages to say
    assert fingerprint("THE COASTAL LEDGER is part of the Harbour-Media group!") == fingerprint(
        footer
    )


def test_site_lines_are_removed_from_html_and_text() -> None:
    html = (DATA / "news_article.html").read_bytes()
    line = (
        "Opponents argued that the town should first commission a second survey, saying the "
        "first had been rushed and that a cheaper repair might buy the town another twenty "
        "years. Supporters replied that every winter of delay raised both the risk and the "
        "final bill."
    )
    plain = extract_article(html)
    assert "Opponents argued" in plain.text
    cleaned = extract_article(html, site_lines=frozenset({fingerprint(line)}))
    assert "Opponents argued" not in cleaned.text and "Opponents argued" not in cleaned.html
    assert clean_text(line + "\n\nKept.", site_lines=frozenset({fingerprint(line)})) == "Kept."


def test_a_list_of_links_to_other_stories_goes() -> None:
    p = lambda t: Block(BlockKind.PARAGRAPH, f"<p>{t}</p>", t)
    link = lambda t: Block(BlockKind.ITEM, f"<li><a>{t}</a></li>", t, len(t))
    plain = lambda t: Block(BlockKind.ITEM, f"<li>{t}</li>", t)
    blocks = [
        p("Story text."),
        link("Other story one"),
        link("Other story two"),
        link("Other story three"),
        p("More story text."),
        plain("A point"),
        plain("Another point"),
        plain("A third point"),
        link("Only two"),
        link("links"),
    ]
    kept = [b.text for b in filter_blocks(blocks)]
    assert kept == [
        "Story text.",
        "More story text.",
        "A point",
        "Another point",
        "A third point",
        "Only two",
        "links",
    ]


_PROSE = (
    "The council voted on Tuesday to close the old bridge to lorries from next month, "
    "after engineers found corrosion in two of its supporting piers."
)


def _p(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, f"<p>{text}</p>", text)


@pytest.mark.parametrize(
    "line",
    [
        "5:45 AM PST 11/19/2019 by Jane Doe",
        "November 20, 2019 - 11:28 GMT",
        "Updated: Tue 3 March 2020, 09:14",
        "Published 21st June 2023",
        "2024-03-05 17:30",
    ],
)
def test_datelines(line: str) -> None:
    assert is_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        "March 2020 was the wettest month on record.",
        "In 2019, the bridge carried 12,000 lorries a day.",
        "Monday",  # no year and no time
        "The 2019 season by the numbers",
    ],
)
def test_not_datelines(line: str) -> None:
    assert not is_dateline(line)


def test_a_dateline_at_the_head_goes_but_not_one_in_the_body() -> None:
    blocks = [_p("November 20, 2019 - 11:28 GMT"), _p(_PROSE), _p("June 3, 2021"), _p(_PROSE)]
    assert [b.text for b in filter_blocks(blocks)] == [_PROSE, "June 3, 2021", _PROSE]


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writers Ana Ruiz and Tom Berg contributed to this report.",
        "Jane Doe contributed reporting from Lisbon.",
        "(Reporting by Ana Ruiz; Editing by Tom Berg)",
        "Additional reporting by Li Wei",
    ],
)
def test_credit_lines_at_the_foot_go(line: str) -> None:
    blocks = [_p(_PROSE), _p(_PROSE + " Again."), _p(line)]
    assert [b.text for b in filter_blocks(blocks)] == [_PROSE, _PROSE + " Again."]


def test_a_credit_line_high_in_the_story_stays() -> None:
    line = "Jane Doe contributed to this report."
    blocks = [_p(line), _p(_PROSE), _p("Two."), _p("Three."), _p("Four.")]
    assert line in [b.text for b in filter_blocks(blocks)]
    assert not is_credit_line("Forty volunteers contributed to the report, which runs " + "x" * 300)


def test_a_caption_ending_in_a_photo_credit_goes_into_a_figure() -> None:
    caption = "Engineers inspect a pier of the old bridge on Monday. (Photo: Jane Doe/Example News)"
    blocks = [_p(_PROSE), _p(caption), _p("The bridge opened in 1931.")]
    kept = filter_blocks(blocks)
    assert [b.text for b in kept if b.text] == [_PROSE, "The bridge opened in 1931."]
    assert kept[1].kind is BlockKind.FIGURE and "Engineers inspect" in kept[1].html
    assert is_credited_caption("A crane at dusk. (AP Photo/Jane Doe)")
    assert not is_credited_caption("He said the picture was clear (to him).")


def test_headings_above_the_first_text_go_but_later_ones_stay() -> None:
    heading = lambda t: Block(BlockKind.HEADING, f"<h2>{t}</h2>", t)
    blocks = [
        heading("Old bridge: council shuts it to lorries"),  # the page's own wording of the title
        heading("Transport"),  # a kicker
        _p(_PROSE),
        heading("What happens next"),
        _p("Lorries will be diverted through the ring road."),
    ]
    kept = [b.text for b in filter_blocks(blocks, title="Council closes old bridge to lorries")]
    assert kept == [_PROSE, "What happens next", "Lorries will be diverted through the ring road."]


def test_a_line_repeating_an_image_alt_text_is_its_caption() -> None:
    alt = "Engineers inspect a pier of the old bridge"
    blocks = [_p(_PROSE), _p(alt + "."), _p("The bridge opened in 1931.")]
    kept = filter_blocks(blocks, alt_texts=frozenset([caption_key(alt)]))
    assert [b.text for b in kept if b.text] == [_PROSE, "The bridge opened in 1931."]
    assert kept[1].kind is BlockKind.FIGURE


def test_a_click_to_tweet_box_keeps_its_quote_without_the_button() -> None:
    quote = "Small steps add up to a visible business."
    box = Block(
        BlockKind.PARAGRAPH,
        f'<p><a href="https://twitter.com/share?text=x">{quote}Click To Tweet</a></p>',
        quote + "Click To Tweet",
    )
    (kept,) = filter_blocks([box])
    assert kept.text == quote
    assert kept.html == f'<p><a href="https://twitter.com/share?text=x">{quote}</a></p>'
    assert filter_blocks([_p("Click to tweet")]) == []


def test_a_standfirst_heading_above_the_first_text_is_kept() -> None:
    standfirst = (
        "Engineers found corrosion in two of the piers last month, and the council"
        " says the repairs will take most of next year"
    )
    blocks = [
        Block(BlockKind.HEADING, "<h1>Old bridge shut</h1>", "Old bridge shut"),
        Block(BlockKind.HEADING, f"<h2>{standfirst}</h2>", standfirst),
        _p(_PROSE),
    ]
    kept = [b.text for b in filter_blocks(blocks, title="Council closes old bridge to lorries")]
    assert kept == [standfirst, _PROSE]


_TITLE = "Council closes old bridge to lorries"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Repairs to the piers will take most of next year, engineers say", 2),  # 8+ words
        ("The repairs will take a year.", 2),  # short, but a sentence
        ("Will the ring road cope?", 3),
        ("“We had no choice,” the mayor said.", 2),
    ],
)
def test_sentence_like_headings_are_standfirsts(text: str, level: int) -> None:
    assert is_standfirst(text, level=level, title=_TITLE)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Transport", 2),  # a kicker
        ("GIRLS BASKETBALL", 2),
        ("Old bridge shut to traffic", 2),  # a headline, no sentence
        ("Lorries banned: council closes old bridge", 2),  # the title reworded
        ("Council closes the old bridge to all lorries from Monday, Easter included", 2),
        ("Repairs to the piers will take most of next year, engineers say", 1),  # an h1
    ],
)
def test_kickers_and_headlines_are_not_standfirsts(text: str, level: int) -> None:
    assert not is_standfirst(text, level=level, title=_TITLE)


def test_a_heading_the_page_marks_as_its_standfirst_is_one_however_short() -> None:
    dek = "Repairs to take a year"
    assert not is_standfirst(dek, title=_TITLE)
    assert is_standfirst(dek, title=_TITLE, marked=frozenset([caption_key(dek)]))
    # ... but a marked line repeating the title is still the headline
    assert not is_standfirst(_TITLE, title=_TITLE, marked=frozenset([caption_key(_TITLE)]))


def test_a_short_standfirst_above_the_first_text_is_kept_and_a_kicker_dropped() -> None:
    dek = "The repairs will take a year."
    blocks = [
        Block(BlockKind.HEADING, "<h3>Transport</h3>", "Transport", level=3),
        Block(BlockKind.HEADING, "<h1>Old bridge shut</h1>", "Old bridge shut", level=1),
        Block(BlockKind.HEADING, f"<h2>{dek}</h2>", dek),
        _p(_PROSE),
    ]
    assert [b.text for b in filter_blocks(blocks, title=_TITLE)] == [dek, _PROSE]
