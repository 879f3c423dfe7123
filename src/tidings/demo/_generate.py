"""Render the demo feed files from :mod:`tidings.demo._stories`.

Run ``python -m tidings.demo._generate`` after editing the stories; the
rendered files in ``tidings/demo/data/`` are committed, so Tidings itself
never runs this.

Each publisher gets the format such a publisher would really use, with the
quirks real feeds have (CDATA bodies, local time-zone offsets, xml:base with
relative links, a feed-level JSON author, iTunes durations written three ways).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from lxml import etree

from tidings.demo import PLACEHOLDER_BASE
from tidings.demo._stories import (
    COURIER,
    GAZETTE,
    PODCAST,
    SCIENCE,
    SCROLL,
    TECH,
    VIDEOS,
    WIRE,
    Article,
)

DATA = Path(__file__).parent / "data"

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1 = "http://purl.org/rss/1.0/"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
MEDIA = "http://search.yahoo.com/mrss/"
YT = "http://www.youtube.com/xml/schemas/2015"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def when(article: Article) -> datetime:
    return datetime.fromisoformat(article.date)


def html(article: Article) -> str:
    paragraphs = [p.strip() for p in article.body.split("\n\n") if p.strip()]
    text = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return re.sub(r"&(?!#?\w+;)", "&amp;", text)


def plain(article: Article) -> str:
    return re.sub(r"<[^>]+>", "", article.body.strip())


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def write_xml(name: str, root: etree._Element) -> None:
    etree.indent(root, space="  ")
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    (DATA / name).write_bytes(body + b"\n")


# --- RSS 2.0 newspapers -----------------------------------------------------------


def rss_newspaper(
    name: str,
    articles: list[Article],
    *,
    title: str,
    site: str,
    description: str,
    offset_hours: int,
    cdata: bool,
    email: str | None,
) -> None:
    rss = etree.Element("rss", version="2.0", nsmap={"content": CONTENT, "dc": DC, "atom": ATOM})
    channel = sub(rss, "channel")
    sub(channel, "title", title)
    sub(channel, "link", site)
    sub(channel, "description", description)
    sub(channel, "language", "en-gb")
    sub(channel, f"{{{ATOM}}}link", href=f"{site}feeds/{name}", rel="self", type="application/rss+xml")
    zone = timezone(timedelta(hours=offset_hours))
    newest = max(when(a) for a in articles)
    sub(channel, "lastBuildDate", format_datetime(newest.astimezone(zone)))
    sub(channel, "ttl", "30")
    for article in sorted(articles, key=when, reverse=True):
        item = sub(channel, "item")
        sub(item, "title", article.title)
        link = site + article.slug
        sub(item, "link", link)
        if email:
            sub(item, "author", f"{email} ({article.author})")
        else:
            sub(item, f"{{{DC}}}creator", article.author)
        sub(item, "guid", link, isPermaLink="true")
        sub(item, "pubDate", format_datetime(when(article).astimezone(zone)))
        for tag in article.tags:
            sub(item, "category", tag)
        sub(item, "description", article.summary)
        encoded = sub(item, f"{{{CONTENT}}}encoded")
        encoded.text = etree.CDATA(html(article)) if cdata else html(article)
    write_xml(name, rss)


# --- JSON Feed 1.1 wire service ----------------------------------------------------


def json_wire(name: str, articles: list[Article]) -> None:
    site = "https://meridianwire.example/"
    items = []
    for article in sorted(articles, key=when, reverse=True):
        item: dict[str, object] = {
            "id": f"mw-{when(article):%Y%m%d}-{article.slug}",
            "url": f"{site}{when(article):%Y/%m/%d}/{article.slug}",
            "title": article.title,
            "summary": article.summary,
            "content_html": html(article),
            "date_published": article.date,
            "authors": [{"name": article.author}],
            "tags": list(article.tags),
            "language": "en",
        }
        if article.story == "flood":
            # Wire copy is often corrected after first publication.
            item["date_modified"] = (when(article) + timedelta(hours=3)).isoformat().replace("+00:00", "Z")
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Meridian Wire: Top Stories",
        "home_page_url": site,
        "feed_url": f"{site}feeds/top-stories.json",
        "description": "Breaking news and analysis from Meridian Wire's correspondents.",
        "icon": f"{site}static/icon-512.png",
        "favicon": f"{site}favicon.ico",
        "language": "en",
        "authors": [{"name": "Meridian Wire", "url": site}],
        "items": items,
    }
    text = json.dumps(feed, ensure_ascii=False, indent=2)
    (DATA / name).write_text(text + "\n", encoding="utf-8")


# --- RSS 1.0 science magazine --------------------------------------------------------


def rdf_magazine(name: str, articles: list[Article]) -> None:
    site = "https://parallax.example/"
    root = etree.Element(f"{{{RDF}}}RDF", nsmap={"rdf": RDF, None: RSS1, "dc": DC, "content": CONTENT})
    ordered = sorted(articles, key=when, reverse=True)
    channel = sub(root, f"{{{RSS1}}}channel", **{f"{{{RDF}}}about": f"{site}feeds/{name}"})
    sub(channel, f"{{{RSS1}}}title", "Parallax Science Monthly")
    sub(channel, f"{{{RSS1}}}link", site)
    sub(channel, f"{{{RSS1}}}description", "Science explained, from the deep sea to low orbit.")
    sub(channel, f"{{{DC}}}language", "en")
    sub(channel, f"{{{DC}}}publisher", "Parallax Media")
    seq = sub(sub(channel, f"{{{RSS1}}}items"), f"{{{RDF}}}Seq")
    for article in ordered:
        sub(seq, f"{{{RDF}}}li", **{f"{{{RDF}}}resource": site + "articles/" + article.slug})
    for article in ordered:
        url = site + "articles/" + article.slug
        item = sub(root, f"{{{RSS1}}}item", **{f"{{{RDF}}}about": url})
        sub(item, f"{{{RSS1}}}title", article.title)
        sub(item, f"{{{RSS1}}}link", url)
        sub(item, f"{{{RSS1}}}description", article.summary)
        sub(item, f"{{{DC}}}date", article.date.replace("Z", "+00:00"))
        sub(item, f"{{{DC}}}creator", article.author)
        for tag in article.tags:
            sub(item, f"{{{DC}}}subject", tag)
        sub(item, f"{{{CONTENT}}}encoded", html(article))
    write_xml(name, root)


# --- Atom blogs ---------------------------------------------------------------------


def atom_blog(
    name: str,
    articles: list[Article],
    *,
    title: str,
    subtitle: str,
    site: str,
    tag_authority: str,
    relative: bool,
) -> None:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    if relative:
        feed.set(XML_BASE, site)
    sub(feed, f"{{{ATOM}}}title", title)
    sub(feed, f"{{{ATOM}}}subtitle", subtitle)
    sub(feed, f"{{{ATOM}}}id", f"tag:{tag_authority},2026:feed")
    sub(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href="./" if relative else site)
    sub(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=f"{site}{name}")
    sub(feed, f"{{{ATOM}}}updated", max(a.date for a in articles))
    sub(feed, f"{{{ATOM}}}icon", "favicon.png" if relative else site + "favicon.png")
    for article in sorted(articles, key=when, reverse=True):
        entry = sub(feed, f"{{{ATOM}}}entry")
        if relative:
            # A relative xml:base on the entry, itself resolved against the feed's:
            # the article's relative links are written for the article's directory.
            entry.set(XML_BASE, article.slug.rsplit("/", 1)[0] + "/")
            href = article.slug.rsplit("/", 1)[1]
        else:
            href = site + article.slug
        sub(entry, f"{{{ATOM}}}title", article.title)
        sub(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href)
        sub(entry, f"{{{ATOM}}}id", f"tag:{tag_authority},{article.date[:10]}:{article.slug}")
        sub(entry, f"{{{ATOM}}}published", article.date)
        sub(entry, f"{{{ATOM}}}updated", article.date)
        author = sub(entry, f"{{{ATOM}}}author")
        sub(author, f"{{{ATOM}}}name", article.author)
        for tag in article.tags:
            sub(entry, f"{{{ATOM}}}category", term=tag)
        sub(entry, f"{{{ATOM}}}summary", article.summary, type="text")
        sub(entry, f"{{{ATOM}}}content", html(article), type="html")
    write_xml(name, feed)


# --- podcast -------------------------------------------------------------------------


def podcast(name: str) -> None:
    site = "https://loworbithour.example/"
    rss = etree.Element(
        "rss",
        version="2.0",
        nsmap={"itunes": ITUNES, "podcast": PODCAST_NS, "content": CONTENT, "atom": ATOM},
    )
    channel = sub(rss, "channel")
    sub(channel, "title", "Low Orbit Hour")
    sub(channel, "link", site)
    sub(channel, "description", "A weekly conversation about space, science and the machines we trust.")
    sub(channel, "language", "en")
    sub(channel, f"{{{ATOM}}}link", href=f"{site}{name}", rel="self", type="application/rss+xml")
    sub(channel, f"{{{ITUNES}}}author", "Imogen Strand and Kofi Mensah")
    sub(channel, f"{{{ITUNES}}}image", href=site + "art/cover-3000.jpg")
    sub(channel, f"{{{ITUNES}}}category", text="Science")
    sub(channel, f"{{{ITUNES}}}explicit", "false")
    sub(channel, f"{{{ITUNES}}}type", "episodic")
    sub(channel, f"{{{PODCAST_NS}}}locked", "no")
    for episode in sorted(PODCAST, key=lambda e: when(e.article), reverse=True):
        article = episode.article
        item = sub(channel, "item")
        sub(item, "title", article.title)
        sub(item, "link", site + "episodes/" + article.slug)
        sub(item, "guid", f"loh-{episode.number:03d}", isPermaLink="false")
        sub(item, "pubDate", format_datetime(when(article)))
        sub(item, "description", article.summary)
        sub(item, f"{{{CONTENT}}}encoded").text = etree.CDATA(html(article))
        sub(
            item,
            "enclosure",
            url=f"https://media.loworbithour.example/audio/loh-{episode.number:03d}.mp3",
            length=str(episode.size),
            type="audio/mpeg",
        )
        sub(item, f"{{{ITUNES}}}duration", episode.duration)
        sub(item, f"{{{ITUNES}}}episode", str(episode.number))
        sub(item, f"{{{ITUNES}}}episodeType", "full")
        sub(item, f"{{{ITUNES}}}summary", article.summary)
        if episode.transcript:
            sub(
                item,
                f"{{{PODCAST_NS}}}transcript",
                # Relative, so the file works however the demo server is reached:
                # the parser resolves it against the feed's own address.
                url=episode.transcript,
                type="text/vtt",
                language="en",
            )
    write_xml(name, rss)


# --- YouTube-style channel ------------------------------------------------------------

CHANNEL_ID = "UCLaunchSiteTvDemoChan01"


def video_channel(name: str) -> None:
    site = "https://video.launchsite.example/"
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={"yt": YT, "media": MEDIA, None: ATOM})
    sub(feed, f"{{{ATOM}}}link", rel="self", href=f"{site}feeds/videos.xml?channel_id={CHANNEL_ID}")
    sub(feed, f"{{{ATOM}}}id", f"yt:channel:{CHANNEL_ID}")
    sub(feed, f"{{{YT}}}channelId", CHANNEL_ID)
    sub(feed, f"{{{ATOM}}}title", "Launch Site TV")
    sub(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{site}channel/{CHANNEL_ID}")
    author = sub(feed, f"{{{ATOM}}}author")
    sub(author, f"{{{ATOM}}}name", "Launch Site TV")
    sub(author, f"{{{ATOM}}}uri", f"{site}channel/{CHANNEL_ID}")
    sub(feed, f"{{{ATOM}}}published", "2019-03-02T10:00:00+00:00")
    for video in sorted(VIDEOS, key=lambda v: when(v.article), reverse=True):
        article = video.article
        entry = sub(feed, f"{{{ATOM}}}entry")
        sub(entry, f"{{{ATOM}}}id", f"yt:video:{video.video_id}")
        sub(entry, f"{{{YT}}}videoId", video.video_id)
        sub(entry, f"{{{YT}}}channelId", CHANNEL_ID)
        sub(entry, f"{{{ATOM}}}title", article.title)
        sub(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{site}watch?v={video.video_id}")
        author = sub(entry, f"{{{ATOM}}}author")
        sub(author, f"{{{ATOM}}}name", "Launch Site TV")
        sub(author, f"{{{ATOM}}}uri", f"{site}channel/{CHANNEL_ID}")
        published = when(article).isoformat()
        sub(entry, f"{{{ATOM}}}published", published)
        sub(entry, f"{{{ATOM}}}updated", (when(article) + timedelta(days=2, hours=5)).isoformat())
        group = sub(entry, f"{{{MEDIA}}}group")
        sub(group, f"{{{MEDIA}}}title", article.title)
        sub(
            group,
            f"{{{MEDIA}}}content",
            url=f"https://cdn.launchsite.example/v/{video.video_id}.mp4",
            type="video/mp4",
            width="1280",
            height="720",
            duration=str(video.seconds),
        )
        sub(
            group,
            f"{{{MEDIA}}}thumbnail",
            url=f"https://img.launchsite.example/vi/{video.video_id}/hqdefault.jpg",
            width="480",
            height="360",
        )
        sub(group, f"{{{MEDIA}}}description", plain(article))
        community = sub(group, f"{{{MEDIA}}}community")
        sub(community, f"{{{MEDIA}}}starRating", count=str(video.views // 40), average="4.8", min="1", max="5")
        sub(community, f"{{{MEDIA}}}statistics", views=str(video.views))
    write_xml(name, feed)


# --- OPML ------------------------------------------------------------------------------

FEEDS = (
    # (folder, file, title, site)
    ("News", "harbour-gazette.rss", "The Harbour Gazette", "https://harbourgazette.example/"),
    ("News", "meridian-wire.json", "Meridian Wire: Top Stories", "https://meridianwire.example/"),
    ("News", "valley-courier.xml", "The Valley Courier", "https://valleycourier.example/"),
    ("News", "trendspotter.atom", "Trendspotter Daily", "https://trendspotter.example/"),
    ("Science", "parallax-science.rdf", "Parallax Science Monthly", "https://parallax.example/"),
    ("Tech", "northlight-engineering.atom", "Northlight Engineering", "https://northlight.example/blog/"),
    ("Listen & Watch", "low-orbit-hour.xml", "Low Orbit Hour", "https://loworbithour.example/"),
    ("Listen & Watch", "launch-site-tv.xml", "Launch Site TV", "https://video.launchsite.example/"),
)


def opml() -> None:
    root = etree.Element("opml", version="2.0")
    head = sub(root, "head")
    sub(head, "title", "Tidings demo subscriptions")
    sub(head, "dateCreated", "Sat, 24 Oct 2026 09:00:00 GMT")
    body = sub(root, "body")
    folders: dict[str, etree._Element] = {}
    for folder, file, title, site in FEEDS:
        if folder not in folders:
            folders[folder] = sub(body, "outline", text=folder, title=folder)
        kind = "atom" if file.endswith(".atom") else "rss"
        sub(folders[folder], "outline", type=kind, text=title, title=title, xmlUrl=PLACEHOLDER_BASE + file, htmlUrl=site)
    write_xml("demo.opml", root)


def main() -> None:
    DATA.mkdir(exist_ok=True)
    rss_newspaper(
        "harbour-gazette.rss",
        GAZETTE,
        title="The Harbour Gazette",
        site="https://harbourgazette.example/",
        description="News from Port Calder and the harbour since 1871.",
        offset_hours=1,
        cdata=True,
        email=None,
    )
    rss_newspaper(
        "valley-courier.xml",
        COURIER,
        title="The Valley Courier",
        site="https://valleycourier.example/",
        description="The weekly paper of the Tamsin Valley.",
        offset_hours=0,
        cdata=False,
        email="newsdesk@valleycourier.example",
    )
    json_wire("meridian-wire.json", WIRE)
    rdf_magazine("parallax-science.rdf", SCIENCE)
    atom_blog(
        "northlight-engineering.atom",
        TECH,
        title="Northlight Engineering",
        subtitle="Notes from the team that builds Northlight Sync.",
        site="https://northlight.example/blog/",
        tag_authority="northlight.example",
        relative=True,
    )
    atom_blog(
        "trendspotter.atom",
        SCROLL,
        title="Trendspotter Daily",
        subtitle="What everyone is talking about.",
        site="https://trendspotter.example/stories/",
        tag_authority="trendspotter.example",
        relative=False,
    )
    podcast("low-orbit-hour.xml")
    video_channel("launch-site-tv.xml")
    opml()


if __name__ == "__main__":
    main()
