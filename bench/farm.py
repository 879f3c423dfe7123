"""A local feed farm on 127.0.0.1 for the ingestion benchmark.

Every feed body is rendered once at start-up, deterministically from ``--seed``
(the port and ``--base-date`` are the only other inputs), and kept in memory as
bytes, so a request costs a dictionary look-up and a socket write. Half the
feeds are RSS 2.0 and half Atom 1.0; each has 20-50 items of 1-3 KB of varied
HTML built from a Zipf-weighted vocabulary, so a search index has real work.

Every 200 carries an ETag and a Last-Modified; ``If-None-Match`` (or, without
it, ``If-Modified-Since``) is answered with 304.

Faults (off with ``--healthy``), assigned to fixed feeds from the seed:

- ``slow``: answers after 1-4 s (half wait before the headers, half drip the
  body in chunks), within every client's timeouts;
- ``stall``: holds the request for ``--stall-seconds`` (default 65 s), beyond
  the 60 s read/total timeouts of reader and Tidings, then answers 504 (counted
  as ``stalled`` on arrival, since the client has gone by then);
- ``error500``: always HTTP 500;
- ``moved``: 301 to ``/moved/<name>``, which serves the feed;
- ``malformed``: a truncated document, bare ``&``/``<`` in text, or an HTML page;
- ``huge``: a valid feed of about ``--huge-mb`` MB (default 6).

The feeds are spread over ``--hosts`` listening ports of 127.0.0.1 (default one
per 10 feeds): each port is a separate host to a client's per-host connection
limit, as the sites of a real subscription list are. Every port serves every
path; the first one is the farm's address.

Endpoints: ``/opml.xml`` (every feed, some in folders), ``/feeds/<name>``,
``/moved/<name>``, ``/_feeds.json`` (the URLs and their faults), ``/_stats``
(request counts per status and per fault, as JSON), and ``/site/...`` (item
links; answered 404 and counted, so a client that fetches pages shows up).

Run as a program it prints one JSON line on stdout (``url``, ``port``,
``opml``, totals) once it listens, then serves until ``--max-seconds`` pass, it
gets SIGTERM/SIGINT, or its parent process goes away.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import signal
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from itertools import accumulate
from xml.sax.saxutils import escape, quoteattr

from aiohttp import web

FAULT_SHARES = {  # fraction of feeds; each present fault gets at least one feed
    "slow": 0.02,
    "error500": 0.02,
    "moved": 0.02,
    "malformed": 0.01,
    "huge": 0.005,
    "stall": 0.001,
}

FOLDERS = ["World", "Technology", "Science", "Business", "Sport", "Culture",
           "Politics", "Health", "Local", "Opinion"]

# The head of the vocabulary is real English (the frequent words); the long tail
# is made of syllables, deterministic from the seed.
COMMON = """the of and to in a is that for it as was with be by on not he this are or
his from at which but have an they you were her she there been one all we their has
would when if more no out so said what up its about into than them can only other new
some time could these two may then do first any my now such like our over man me even
most made after also did many before must through back years where much your way well
down should because each just those people how too little state good very make world
still own see men work long get here between both life being under never day same
another know while last might us great old year off come since against go came right
used take three government city report market police court minister president company
election policy council country plan public water energy climate school health data
research study team season match league price bank growth trade union security war
peace border law vote party leader official science space software network storm
flood fire road rail airport hospital museum festival film music book history""".split()  # noqa: SIM905

SYLLABLES = """ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo
lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti
to tu va ve vi vo za ze zi zo an en in on ar er ir or al el il ol st tr pr gr
br cl fl pl sh th ch""".split()  # noqa: SIM905

FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas",
               "Kemi", "Luis", "Mira", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara"]
LAST_NAMES = ["Abbott", "Bauer", "Chen", "Diaz", "Eriksen", "Fischer", "Gupta", "Haddad", "Ito",
              "Jensen", "Kowalski", "Laurent", "Moreau", "Nakamura", "Okafor", "Petrov",
              "Quist", "Rossi", "Silva", "Tanaka"]

RFC822 = "%a, %d %b %Y %H:%M:%S +0000"
RFC3339 = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class FarmConfig:
    feeds: int = 2000
    seed: int = 1
    faults: bool = True
    huge_mb: float = 6.0
    stall_seconds: float = 65.0
    base_date: str = ""  # YYYY-MM-DD; empty: today (UTC)
    hosts: int = 0  # ports of 127.0.0.1 the feeds are spread over; 0: one per 10 feeds


@dataclass(slots=True)
class FeedDoc:
    name: str
    host: str  # http://127.0.0.1:PORT, the "site" this feed lives on
    kind: str  # "rss" or "atom"
    fault: str  # "" when healthy
    body: bytes
    etag: str
    last_modified: str
    last_modified_ts: int
    items: int
    slow_seconds: float = 0.0
    drip: bool = False


@dataclass(slots=True)
class Farm:
    config: FarmConfig
    base_url: str
    docs: dict[str, FeedDoc]
    opml: bytes
    gen_seconds: float
    by_status: Counter = field(default_factory=Counter)
    by_fault: Counter = field(default_factory=Counter)
    bytes_sent: int = 0
    started: float = field(default_factory=time.monotonic)

    def summary(self) -> dict:
        docs = self.docs.values()
        return {
            "url": self.base_url,
            "port": int(self.base_url.rsplit(":", 1)[1]),
            "opml": f"{self.base_url}/opml.xml",
            "hosts": len({d.host for d in docs}),
            "feeds": len(self.docs),
            "items": sum(d.items for d in docs),
            "bytes": sum(len(d.body) for d in docs),
            "healthy_bytes": sum(len(d.body) for d in docs if not d.fault),
            "faults": dict(Counter(d.fault for d in docs if d.fault)),
            "kinds": dict(Counter(d.kind for d in docs)),
            "seed": self.config.seed,
            "gen_seconds": round(self.gen_seconds, 2),
            "pid": os.getpid(),
        }

    def stats(self) -> dict:
        return {
            "requests": sum(self.by_status.values()),
            "by_status": dict(sorted((str(k), v) for k, v in self.by_status.items())),
            "by_fault": dict(sorted(self.by_fault.items())),
            "bytes_sent": self.bytes_sent,
            "uptime": round(time.monotonic() - self.started, 1),
        }


# -- content ---------------------------------------------------------------


class Words:
    """A Zipf-weighted vocabulary: real frequent words, then a syllable long tail."""

    def __init__(self, seed: int, size: int = 20000) -> None:
        rng = random.Random(f"vocab-{seed}")
        tail: set[str] = set()
        while len(tail) < size - len(COMMON):
            tail.add("".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 4)))))
        self.words = COMMON + sorted(tail)
        rng.shuffle(self.words[len(COMMON):])
        self.cum = list(accumulate(1.0 / (rank + 2) ** 1.05 for rank in range(len(self.words))))

    def sentence(self, rng: random.Random, lo: int = 6, hi: int = 18) -> str:
        words = rng.choices(self.words, cum_weights=self.cum, k=rng.randint(lo, hi))
        return " ".join(words).capitalize() + "."

    def title(self, rng: random.Random) -> str:
        words = rng.choices(self.words, cum_weights=self.cum, k=rng.randint(4, 10))
        return " ".join(w.capitalize() if i == 0 or len(w) > 4 else w for i, w in enumerate(words))

    def paragraph(self, rng: random.Random, site: str) -> str:
        parts = [self.sentence(rng) for _ in range(rng.randint(2, 6))]
        if rng.random() < 0.5:  # a link in the middle of the paragraph
            i = rng.randrange(len(parts))
            anchor = " ".join(rng.choices(self.words, cum_weights=self.cum, k=rng.randint(1, 4)))
            parts[i] += f' See <a href="{site}/ref/{rng.randrange(10**6)}">{anchor}</a>.'
        if rng.random() < 0.3:
            i = rng.randrange(len(parts))
            parts[i] = f"<em>{parts[i]}</em>" if rng.random() < 0.5 else f"<strong>{parts[i]}</strong>"
        return "<p>" + " ".join(parts) + "</p>"

    def html(self, rng: random.Random, target: int, site: str) -> str:
        blocks: list[str] = []
        size = 0
        while size < target:
            r = rng.random()
            if r < 0.62 or not blocks:
                block = self.paragraph(rng, site)
            elif r < 0.74:
                items = "".join(f"<li>{self.sentence(rng, 3, 9)}</li>" for _ in range(rng.randint(2, 5)))
                block = ("<ul>" if rng.random() < 0.7 else "<ol>") + items
                block += "</ul>" if block.startswith("<ul>") else "</ol>"
            elif r < 0.84:
                block = f"<h3>{self.title(rng)}</h3>"
            elif r < 0.92:
                block = f"<blockquote><p>{self.sentence(rng, 8, 24)}</p></blockquote>"
            elif r < 0.97:
                block = (f'<figure><img src="{site}/img/{rng.randrange(10**6)}.jpg" alt='
                         f'{quoteattr(self.sentence(rng, 3, 6))} width="640" height="360">'
                         f"<figcaption>{self.sentence(rng, 4, 10)}</figcaption></figure>")
            else:
                block = f"<pre><code>{escape(self.sentence(rng, 4, 12))}</code></pre>"
            blocks.append(block)
            size += len(block)
        return "\n".join(blocks)


@dataclass(frozen=True, slots=True)
class Item:
    guid: str
    title: str
    link: str
    author: str
    categories: tuple[str, ...]
    published: datetime
    summary: str
    html: str


def make_items(words: Words, rng: random.Random, site: str, count: int, size: tuple[int, int],
               newest: datetime) -> list[Item]:
    items = []
    when = newest
    tags = [words.title(rng).split()[0].lower() for _ in range(6)]
    for j in range(count):
        when -= timedelta(minutes=rng.randint(20, 1200))
        slug = "-".join(words.title(rng).lower().split()[:5])
        items.append(Item(
            guid=f"{site}/post/{j}-{rng.getrandbits(40):010x}",
            title=words.title(rng),
            link=f"{site}/post/{j}/{slug}",
            author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            categories=tuple(rng.sample(tags + FOLDERS, rng.randint(1, 3))),
            published=when,
            summary=" ".join(words.sentence(rng) for _ in range(rng.randint(1, 3))),
            html=words.html(rng, rng.randint(*size), site),
        ))
    return items


def render_rss(title: str, site: str, self_url: str, items: list[Item], updated: datetime) -> str:
    out = [(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        f"<channel>\n<title>{escape(title)}</title>\n<link>{site}/</link>\n"
        f'<atom:link href="{self_url}" rel="self" type="application/rss+xml"/>\n'
        f"<description>{escape(title)}: news and analysis</description>\n<language>en</language>\n"
        f"<lastBuildDate>{updated.strftime(RFC822)}</lastBuildDate>\n<ttl>60</ttl>\n"
    )]
    for it in items:
        cats = "".join(f"<category>{escape(c)}</category>" for c in it.categories)
        out.append(
            f"<item>\n<title>{escape(it.title)}</title>\n<link>{it.link}</link>\n"
            f'<guid isPermaLink="false">{it.guid}</guid>\n'
            f"<pubDate>{it.published.strftime(RFC822)}</pubDate>\n"
            f"<dc:creator>{escape(it.author)}</dc:creator>\n{cats}\n"
            f"<description>{escape(it.summary)}</description>\n"
            f"<content:encoded><![CDATA[{it.html}]]></content:encoded>\n</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def render_atom(title: str, site: str, self_url: str, items: list[Item], updated: datetime) -> str:
    out = [(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"<title>{escape(title)}</title>\n<subtitle>{escape(title)}: reports and features</subtitle>\n"
        f'<link href="{site}/" rel="alternate" type="text/html"/>\n'
        f'<link href="{self_url}" rel="self" type="application/atom+xml"/>\n'
        f"<id>{site}/</id>\n<updated>{updated.strftime(RFC3339)}</updated>\n"
    )]
    for it in items:
        cats = "".join(f"<category term={quoteattr(c)}/>" for c in it.categories)
        stamp = it.published.strftime(RFC3339)
        out.append(
            f"<entry>\n<title>{escape(it.title)}</title>\n"
            f'<link href="{it.link}" rel="alternate" type="text/html"/>\n'
            f"<id>{it.guid}</id>\n<published>{stamp}</published>\n<updated>{stamp}</updated>\n"
            f"<author><name>{escape(it.author)}</name></author>\n{cats}\n"
            f"<summary>{escape(it.summary)}</summary>\n"
            f'<content type="html">{escape(it.html)}</content>\n</entry>\n'
        )
    out.append("</feed>\n")
    return "".join(out)


def corrupt(text: str, rng: random.Random) -> str:
    """Make a document that is not well-formed XML, in one of three ways."""
    how = rng.randrange(3)
    if how == 0:  # cut off mid-document, as a dropped connection leaves it
        return text[: int(len(text) * rng.uniform(0.3, 0.8))]
    if how == 1:  # bare ampersands and angle brackets in text, a mismatched tag
        text = text.replace("</title>", " & <b>more</title>", 5)
        return text.replace("</link>", "</lnk>", 1).replace('"/>', '">', 1)
    return ("<!DOCTYPE html><html><head><title>Moved</title></head><body>"
            "<h1>Service unavailable</h1><p>Please try again later & thank you<br></body>")


def build(config: FarmConfig, base_url: str, hosts: list[str] | None = None) -> Farm:
    """Render every feed; feed ``i`` lives on ``hosts[i % len(hosts)]`` (default: ``base_url``)."""
    hosts = hosts or [base_url]
    started = time.perf_counter()
    words = Words(config.seed)
    if config.base_date:
        base = datetime.strptime(config.base_date, "%Y-%m-%d").replace(tzinfo=UTC)
    else:
        base = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    order = list(range(config.feeds))
    random.Random(f"faults-{config.seed}").shuffle(order)
    fault_of: dict[int, str] = {}
    if config.faults:
        pos = 0
        for fault, share in FAULT_SHARES.items():
            for i in order[pos: pos + max(1, round(config.feeds * share))]:
                fault_of[i] = fault
            pos += max(1, round(config.feeds * share))

    docs: dict[str, FeedDoc] = {}
    for i in range(config.feeds):
        rng = random.Random(f"feed-{config.seed}-{i}")
        fault = fault_of.get(i, "")
        kind = "rss" if i % 2 == 0 else "atom"
        name = f"{i:05d}.{'rss' if kind == 'rss' else 'atom'}.xml"
        host = hosts[i % len(hosts)]
        site = f"{host}/site/{i}"
        self_url = f"{host}/{'moved' if fault == 'moved' else 'feeds'}/{name}"
        title = f"{words.title(rng)} ({i})"
        newest = base - timedelta(minutes=rng.randint(0, 600))
        if fault == "huge":
            per_item = int(config.huge_mb * 1e6 / 40)
            items = make_items(words, rng, site, 40, (per_item, per_item + 1000), newest)
        else:
            items = make_items(words, rng, site, rng.randint(20, 50), (1000, 3000), newest)
        render = render_rss if kind == "rss" else render_atom
        text = render(title, site, self_url, items, newest)
        if fault == "malformed":
            text = corrupt(text, rng)
        body = text.encode()
        modified = newest + timedelta(minutes=1)
        docs[name] = FeedDoc(
            name=name, host=host, kind=kind, fault=fault, body=body,
            etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"',
            last_modified=format_datetime(modified, usegmt=True),
            last_modified_ts=int(modified.timestamp()),
            items=len(items),
            slow_seconds=rng.uniform(1.0, 4.0) if fault == "slow" else 0.0,
            drip=rng.random() < 0.5,
        )

    return Farm(config=config, base_url=base_url, docs=docs, opml=render_opml(base_url, docs),
                gen_seconds=time.perf_counter() - started)


def render_opml(base_url: str, docs: dict[str, FeedDoc]) -> bytes:
    top: list[str] = []
    folders: dict[str, list[str]] = {f: [] for f in FOLDERS}
    for n, doc in enumerate(docs.values()):
        url = f"{doc.host}/feeds/{doc.name}"
        line = (f'<outline type="rss" text="Farm feed {n}" title="Farm feed {n}" '
                f'xmlUrl="{url}" htmlUrl="{doc.host}/site/{n}/"/>')
        (top if n % 3 == 0 else folders[FOLDERS[n % len(FOLDERS)]]).append(line)
    out = [('<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n'
            "<head><title>Tidings bench feed farm</title></head>\n<body>\n")]
    for folder, lines in folders.items():
        if lines:
            out.append(f'<outline text="{folder}" title="{folder}">\n  ' + "\n  ".join(lines)
                       + "\n</outline>\n")
    out.append("\n".join(top) + "\n</body>\n</opml>\n")
    return "".join(out).encode()


# -- serving ---------------------------------------------------------------


def not_modified(request: web.Request, doc: FeedDoc) -> bool:
    inm = request.headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or doc.etag in tags
    ims = request.headers.get("If-Modified-Since")
    if ims:
        try:
            return parsedate_to_datetime(ims).timestamp() >= doc.last_modified_ts
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


def make_app(farm: Farm) -> web.Application:
    async def feed(request: web.Request) -> web.StreamResponse:
        doc = farm.docs.get(request.match_info["name"])
        moved = request.path.startswith("/moved/")
        if doc is None or (moved and doc.fault != "moved"):
            farm.by_status[404] += 1
            return web.Response(status=404, text="no such feed\n")
        fault = doc.fault
        if fault:
            farm.by_fault[fault] += 1
        if fault == "stall":  # counted on arrival: the client has gone when it ends
            farm.by_status["stalled"] += 1
            await asyncio.sleep(farm.config.stall_seconds)
            return web.Response(status=504, text="Gateway Timeout\n")
        elif fault == "slow" and not doc.drip:
            await asyncio.sleep(doc.slow_seconds)
        if fault == "error500":
            farm.by_status[500] += 1
            return web.Response(status=500, text="Internal Server Error\n")
        if fault == "moved" and not moved:
            farm.by_status[301] += 1
            raise web.HTTPMovedPermanently(location=f"/moved/{doc.name}")
        headers = {"ETag": doc.etag, "Last-Modified": doc.last_modified,
                   "Cache-Control": "max-age=0"}
        if not_modified(request, doc):
            farm.by_status[304] += 1
            return web.Response(status=304, headers=headers)
        farm.by_status[200] += 1
        farm.bytes_sent += len(doc.body)
        ctype = "application/rss+xml" if doc.kind == "rss" else "application/atom+xml"
        if fault == "malformed" and doc.body.startswith(b"<!DOCTYPE html"):
            ctype = "text/html"
        if fault == "slow" and doc.drip:  # headers now, the body in 8 pieces over the delay
            resp = web.StreamResponse(headers=headers)
            resp.content_type = ctype
            resp.charset = "utf-8"
            resp.content_length = len(doc.body)
            await resp.prepare(request)
            step = -(-len(doc.body) // 8)
            for k in range(0, len(doc.body), step):
                await resp.write(doc.body[k: k + step])
                await asyncio.sleep(doc.slow_seconds / 8)
            await resp.write_eof()
            return resp
        return web.Response(body=doc.body, headers=headers, content_type=ctype, charset="utf-8")

    async def opml(request: web.Request) -> web.Response:
        farm.by_status["opml"] += 1
        return web.Response(body=farm.opml, content_type="text/x-opml", charset="utf-8")

    async def feeds_json(request: web.Request) -> web.Response:
        listing = [{"url": f"{d.host}/feeds/{d.name}", "kind": d.kind, "fault": d.fault,
                    "items": d.items, "bytes": len(d.body)} for d in farm.docs.values()]
        return web.json_response({"summary": farm.summary(), "feeds": listing})

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(farm.stats())

    async def site(request: web.Request) -> web.Response:
        farm.by_status["site404"] += 1
        return web.Response(status=404, text="the farm serves feeds only\n")

    app = web.Application()
    app.router.add_get("/feeds/{name}", feed)
    app.router.add_get("/moved/{name}", feed)
    app.router.add_get("/opml.xml", opml)
    app.router.add_get("/_feeds.json", feeds_json)
    app.router.add_get("/_stats", stats)
    app.router.add_get("/site/{rest:.*}", site)
    return app


@dataclass(slots=True)
class RunningFarm:
    farm: Farm
    runner: web.AppRunner

    @property
    def url(self) -> str:
        return self.farm.base_url

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_farm(config: FarmConfig = FarmConfig()) -> RunningFarm:
    """Build the farm and serve it on 127.0.0.1 from this event loop (tests, small runs).

    The feeds are spread over ``config.hosts`` listening ports, each a separate
    host to a client's per-host connection limits (in the world a subscription
    list spans hundreds of sites); every port serves every path.
    """
    count = config.hosts or max(1, config.feeds // 10)
    socks = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        socks.append(sock)
    hosts = [f"http://127.0.0.1:{sock.getsockname()[1]}" for sock in socks]
    farm = build(config, hosts[0], hosts)
    runner = web.AppRunner(make_app(farm), access_log=None, handler_cancellation=True)
    await runner.setup()
    for sock in socks:
        await web.SockSite(runner, sock, backlog=1024, shutdown_timeout=1.0).start()
    return RunningFarm(farm, runner)


async def serve(config: FarmConfig, max_seconds: float) -> None:
    running = await start_farm(config)
    print(json.dumps(running.farm.summary()), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    parent = os.getppid()
    deadline = time.monotonic() + max_seconds
    try:
        while not stop.is_set() and time.monotonic() < deadline and os.getppid() == parent:
            try:
                await asyncio.wait_for(stop.wait(), timeout=1.0)
            except TimeoutError:
                pass
    finally:
        print(json.dumps({"stopping": True, **running.farm.stats()}), file=sys.stderr, flush=True)
        await running.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--healthy", action="store_true", help="no faults")
    ap.add_argument("--huge-mb", type=float, default=6.0)
    ap.add_argument("--stall-seconds", type=float, default=65.0)
    ap.add_argument("--hosts", type=int, default=0,
                    help="ports of 127.0.0.1 to spread the feeds over (default: one per 10 feeds)")
    ap.add_argument("--base-date", default="", help="YYYY-MM-DD of the newest items (default today)")
    ap.add_argument("--max-seconds", type=float, default=900.0)
    args = ap.parse_args(argv)
    config = FarmConfig(feeds=args.feeds, seed=args.seed, faults=not args.healthy,
                        huge_mb=args.huge_mb, stall_seconds=args.stall_seconds,
                        base_date=args.base_date, hosts=args.hosts)
    asyncio.run(serve(config, args.max_seconds))


if __name__ == "__main__":
    main()
