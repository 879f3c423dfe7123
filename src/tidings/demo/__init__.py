"""The bundled demo: eight feeds from invented publishers, with no network needed.

``tidings demo`` serves the files in :func:`demo_dir` from a local HTTP server
on 127.0.0.1 and subscribes to them through :func:`demo_opml`, so the demo
goes through the real fetch, parse and store path.

Only ``demo.opml`` names the server: its ``xmlUrl`` addresses use the
placeholder base :data:`PLACEHOLDER_BASE`, ``http://127.0.0.1:{port}/``
followed by the file name, because the port is only known once the server is
listening. :func:`demo_opml` returns it with the real port filled in (a plain
text replacement of that base). The feed files themselves hold no
placeholder (self links name the invented publishers' sites; the podcast's
transcript link is relative to the feed), so they can be served as static
files straight from :func:`demo_dir`, which also gives real ETag and
Last-Modified validators.

The content (and how it exercises story clustering) is described in
:mod:`tidings.demo._stories`; the files are rendered from it by
``python -m tidings.demo._generate``.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

PLACEHOLDER_BASE = "http://127.0.0.1:{port}/"

# File name -> Content-Type the demo server should send.
DEMO_FILES: dict[str, str] = {
    "harbour-gazette.rss": "application/rss+xml; charset=utf-8",
    "meridian-wire.json": "application/feed+json; charset=utf-8",
    "valley-courier.xml": "application/rss+xml; charset=utf-8",
    "trendspotter.atom": "application/atom+xml; charset=utf-8",
    "parallax-science.rdf": "application/rdf+xml; charset=utf-8",
    "northlight-engineering.atom": "application/atom+xml; charset=utf-8",
    "low-orbit-hour.xml": "application/rss+xml; charset=utf-8",
    "launch-site-tv.xml": "application/atom+xml; charset=utf-8",
    "low-orbit-hour-53.vtt": "text/vtt; charset=utf-8",
    "demo.opml": "text/x-opml; charset=utf-8",
}
FEED_FILES: tuple[str, ...] = tuple(
    name for name in DEMO_FILES if not name.endswith((".vtt", ".opml"))
)


def demo_dir() -> Path:
    """The folder holding the demo files (inside the installed package)."""
    resource = files(__name__) / "data"
    with as_file(resource) as path:  # a real directory for a normal install
        return Path(path)


def base_url(port: int) -> str:
    if not 0 < port < 65536:
        raise ValueError(f"port must be between 1 and 65535, not {port}")
    return PLACEHOLDER_BASE.format(port=port)


def demo_file(name: str, port: int) -> bytes:
    """A demo file's bytes, with any placeholder address pointing at ``port``.

    ``name`` must be one of :data:`DEMO_FILES` (anything else raises KeyError,
    so the demo server cannot be used to read other files).
    """
    if name not in DEMO_FILES:
        raise KeyError(f"no demo file named {name!r}")
    data = (files(__name__) / "data" / name).read_bytes()
    return data.replace(PLACEHOLDER_BASE.encode(), base_url(port).encode())


def demo_opml(port: int) -> bytes:
    """The demo subscription list (folders News, Science, Tech, Listen & Watch) for ``port``."""
    return demo_file("demo.opml", port)
