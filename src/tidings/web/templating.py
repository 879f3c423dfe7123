"""Jinja2 templates (autoescaped; only sanitised entry HTML is ever marked safe)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from tidings import __version__
from tidings.errors import FeedNotFoundError

TEMPLATES = Path(__file__).with_name("templates")

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates are compiled once per process and never looked at again (they ship with
    # the package; a change needs a restart, as Python code does). With the default
    # True, every get_template and every {% include %} (one per entry of a list) did a
    # stat() of the file: 18% of the server's time on /unread under 20 clients (py-spy).
    auto_reload=False,
)


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = (datetime.now(UTC) - value).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def _ago_time(value: datetime) -> Markup:
    """``<time>`` with the machine-readable moment, the exact time as its tooltip and
    "3 h ago" as its text: one filter call for what took three expressions and a method
    call per entry of a list (dates only: nothing in it needs escaping)."""
    return Markup(f'<time datetime="{value.isoformat()}" title="{_when(value)}">'
                  f"{_ago(value)}</time>")


# An entry's read and star buttons, in their four states. They post the page's one
# actions form (``_entry_actions.html``) to their own address with their own value;
# static/reader.js flips value, aria-pressed and text in place after a fetch. Kept here
# rather than in a macro: a macro call per entry was a tenth of a list page's rendering.
_READ_BUTTON = (
    '<button type="submit" form="entry-actions" formaction="/entries/{id}/read" name="read"'
    ' value="{value}" class="link" aria-pressed="{pressed}" data-shortcut="m">{text}</button>'
)
_STAR_BUTTON = (
    '<button type="submit" form="entry-actions" formaction="/entries/{id}/star"'
    ' name="starred" value="{value}" class="link star" aria-pressed="{pressed}"'
    ' data-shortcut="s">{text}</button>'
)


def _entry_buttons(entry: Any) -> Markup:
    """The buttons of an entry (an ``EntryRecord``: only its integer id and two flags)."""
    read = _READ_BUTTON.format(
        id=int(entry.id), value="false" if entry.read else "true",
        pressed="true" if entry.read else "false",
        text="Mark unread" if entry.read else "Mark read",
    )
    star = _STAR_BUTTON.format(
        id=int(entry.id), value="false" if entry.starred else "true",
        pressed="true" if entry.starred else "false",
        text="★ Starred" if entry.starred else "☆ Star",
    )
    return Markup(f"{read}\n{star}")


def _host(url: str | None) -> str:
    return urlsplit(url).hostname or "" if url else ""


def _href(url: str | None) -> str:
    """Only web and mail addresses become links (a feed could state ``javascript:``)."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https", "mailto"}:
        return url.strip()
    return "#"


def _query(**params: object) -> str:
    return urlencode({k: v for k, v in params.items() if v is not None and v != ""})


# Up to this many feeds the sidebar lists them all under their folders; above it, only the
# open folder's feeds (the current folder, or the current feed's), the other folders being
# one link each with its count: 2,000 feeds made 250 KB of every 300 KB page.
SIDEBAR_EXPANDED_UP_TO = 100


def _open_group(sidebar: Any, nav: str, feed_id: int | None) -> str:
    """Which group the sidebar lists the feeds of (see ``_sidebar.html``)."""
    if len(sidebar.subscriptions) <= SIDEBAR_EXPANDED_UP_TO:
        return "all"
    kind, _, ident = nav.partition("-")
    if (kind == "folder" and ident.isdigit()) or nav == "ungrouped":
        return nav
    if kind == "feed" and ident.isdigit():
        feed_id = int(ident)
    if feed_id is not None:
        try:
            folder_id = sidebar.subscription(feed_id).folder_id
        except FeedNotFoundError:
            return ""
        return "ungrouped" if folder_id is None else f"folder-{folder_id}"
    return ""


def _patch_sidebar(html: str, base: Any, sidebar: Any, moved: tuple[int, ...],
                   open_: str) -> str | None:
    """``base``'s HTML with the moved feeds' counts (and their groups') rendered again.

    Opening an unread entry moves one feed's count (``services.reading`` derives
    the new sidebar from the cached one and says which feeds moved): rendering
    its two items again instead of the whole sidebar saves most of that page's
    rendering. None when an item is not found as rendered: render it all.
    """
    macros = env.get_template("_sidebar_items.html").module
    old_groups = {g.folder_id: g.unread for g in base.groups}
    new_groups = {g.folder_id: g.unread for g in sidebar.groups}
    nested_all = open_ != "all"
    for feed_id in moved:
        old, new = base.subscription(feed_id), sidebar.subscription(feed_id)
        if old.folder_id != new.folder_id:
            return None
        nested = nested_all or new.folder_id is not None
        group = new.folder_id
        listed = open_ in {"all", "ungrouped" if group is None else f"folder-{group}"}
        pairs = [(macros.feed_item(old, nested), macros.feed_item(new, nested), listed)]
        if group is not None:
            pairs.append((macros.folder_item(group, new.folder_name, old_groups.get(group, 0)),
                          macros.folder_item(group, new.folder_name, new_groups.get(group, 0)),
                          True))
        elif nested_all:
            pairs.append((macros.ungrouped_item(old_groups.get(None, 0)),
                          macros.ungrouped_item(new_groups.get(None, 0)), True))
        for before, after, required in pairs:
            before, after = str(before), str(after)
            if before == after:
                continue
            if before in html:
                html = html.replace(before, after, 1)
            elif required:  # (a feed of a collapsed folder is not in the HTML, its folder is)
                return None
    return html


def _render_sidebar(sidebar: Any, open_: str) -> str:
    derived = sidebar.rendered.pop("derived", None)
    if derived is not None:
        # Bring every rendering of the sidebar it was derived from forward now, and let go of
        # that sidebar (keeping it would chain every version ever derived).
        base, moved = derived
        for key, html in list(base.rendered.items()):
            if isinstance(key, tuple) and key[0] == "html":
                patched = _patch_sidebar(html, base, sidebar, moved, key[1])
                if patched is not None:
                    sidebar.rendered.setdefault(key, patched)
        html = sidebar.rendered.get(("html", open_))
        if html is not None:
            return html
    return env.get_template("_sidebar.html").render(
        sidebar=sidebar, open=open_, small=SIDEBAR_EXPANDED_UP_TO)


def sidebar_html(sidebar: Any, nav: str, feed_id: int | None = None) -> Markup:
    """The sidebar's HTML, with ``aria-current`` on the link of the page shown (``nav``).

    ``services.reading`` hands out the same immutable Sidebar while nothing it
    shows changes, so its HTML is rendered once per open group and kept with it.
    ``feed_id``: the feed of the article shown, whose folder is opened.
    """
    open_ = _open_group(sidebar, nav, feed_id)
    html = sidebar.rendered.get(("html", open_))
    if html is None:
        html = sidebar.rendered[("html", open_)] = _render_sidebar(sidebar, open_)
    kind, _, ident = nav.partition("-")
    if kind in {"feed", "folder"} and ident.isdigit():
        link = f'<a href="/{kind}s/{ident}">'
        html = html.replace(link, f'<a href="/{kind}s/{ident}" aria-current="page">', 1)
    elif nav == "ungrouped":
        html = html.replace('<a href="/ungrouped">', '<a href="/ungrouped" aria-current="page">', 1)
    return Markup(html)  # rendered by the autoescaping environment above


env.filters["when"] = _when
env.filters["ago"] = _ago
env.filters["ago_time"] = _ago_time
env.filters["entry_buttons"] = _entry_buttons
env.filters["host"] = _host
env.filters["href"] = _href
env.globals["query"] = _query
env.globals["version"] = __version__
env.globals["sidebar_html"] = sidebar_html


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    context.setdefault("session", session)
    context.setdefault("user", session.user if session else None)
    context.setdefault("csrf_token", session.csrf_token if session else "")
    context.setdefault("sidebar", None)
    context.setdefault("nav", "")
    context.setdefault("message", None)
    context.setdefault("q", "")
    context.setdefault("sidebar_feed", None)
    context["request_path"] = request.url.path
    html = env.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", status, title=title, error=message, status_code=status)
