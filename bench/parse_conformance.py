"""Conformance of tidings.ingest.parse.parse_feed against feedparser's own test cases.

What is checked is what a stored entry goes through: ``parse_feed`` (which
leaves entry HTML raw) and then ``tidings.ingest.process.clean_entry`` on every
entry (the sanitiser, relative URLs made absolute), as the refresh pipeline does.

Usage:  .venv/bin/python bench/parse_conformance.py [--data ../shared/data/feedparser-tests]
                                                    [--show-failures N] [--no-feedparser]

Each case is an XML (or JSON) document whose header comment holds a
``Description:``, an ``Expect:`` Python expression over feedparser's result
(``bozo``, ``feed``, ``entries``, ``version``, ``encoding``...) and optionally
``Header:`` lines for the HTTP response. We parse the document with Tidings
(``Content-Type`` from the headers, the document URL from ``Content-Location``
or the address feedparser's test server would use), map the ``ParsedFeed`` onto
a feedparser-shaped view, and evaluate the expression against that view.

WHAT IS APPLICABLE (decided before running, from the expression alone)
-----------------------------------------------------------------------
A case is applicable when every value its expression reads is one Tidings
models. The expression is parsed (``ast``) into access paths such as
``entries/*/enclosures/*/href``; each path must be in :data:`MODELLED`, a fixed
list written from ``tidings.types.ParsedFeed``/``ParsedEntry``:

* roots ``bozo`` (= ``problems`` non-empty), ``version`` (= ``format``),
  ``feed``, ``entries``. Not ``encoding``, ``headers``, ``status``, ``href``,
  ``namespaces``, ``bozo_exception`` (Tidings does not report them);
* feed: title, link, subtitle/tagline/description (and their ``_detail.value``),
  language, icon, image href/url, author, updated_parsed;
* entry: id/guid, title, link, author/authors.name, published_parsed,
  updated_parsed, summary/description, content value, enclosures (href, type,
  length), tags term/category, comments, media_thumbnail url.

Not modelled, hence not applicable: ``*_detail`` type/language/base, ``links``,
``logo``, generator, publisher, rights/copyright/info, contributors, source,
cloud, textinput, geo (``where``), PSC chapters, iTunes fields other than
author/image/duration, raw date strings (Tidings keeps the parsed instant),
``created``/``expired``, ``guidislink``, license, ...
Whether Tidings passes plays no part in this choice. Cases whose ``SkipUnless``
condition fails are skipped, as feedparser's own runner does.

COMPARISON RULES (where Tidings differs from feedparser by design)
-------------------------------------------------------------------
* HTML fields (summary, content, subtitle): Tidings sanitises with its own nh3
  allowlist (entries in ``clean_entry``, the feed subtitle in the parser);
  feedparser with its own. Both sides of ``==`` are passed through
  Tidings' sanitiser (without a base URL) before comparing, so a case passes
  when Tidings keeps the same *safe* content; and every HTML value must be free
  of scripts, event handlers, ``javascript:``/``data:`` URLs and ``<style>``
  (checked on the view, so a dangerous leftover fails the case whatever it
  expects).
* Plain-text fields (titles, author): Tidings keeps plain text. The expected
  value is compared as text: equal as written, or equal to its text once tags
  are stripped and entities decoded (white space collapsed on both sides).
  Authors are compared by display name (``me@x.org (Jane)`` -> ``Jane``).
* ``version``: Tidings' ``FeedFormat`` is coarser than feedparser's versions
  (rss091u/rss091n -> rss091, rss093/rss094 -> rss092, atom01/02 -> atom03,
  version-less ``rss`` -> rss20, cdf -> unknown); the expected value is mapped
  to that granularity.
* Links: Tidings canonicalises entry and feed links (lower-case host, no
  tracking parameters); the expected link is canonicalised the same way.
* Enclosure length is shown as a string, as feedparser does.

The same applicable cases are also run through feedparser itself, evaluated
exactly as its own test suite does (raw result, no normalisation), as the
reference figure.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import signal
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from tidings.content.sanitize import html_to_text, sanitize_html
from tidings.errors import TidingsError
from tidings.ingest.links import canonical_link
from tidings.ingest.parse import parse_feed
from tidings.ingest.parse.build import author_name
from tidings.ingest.process import clean_entry
from tidings.types import ParsedEntry, ParsedFeed

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "feedparser-tests"
SERVER = "http://127.0.0.1:8097/"  # where feedparser's test runner serves these files

# --- what Tidings models ------------------------------------------------------------------

_TEXT = {"title", "title_detail/value"}
_FEED = {
    *_TEXT,
    "link",
    "subtitle",
    "subtitle_detail/value",
    "tagline",
    "tagline_detail/value",
    "description",
    "language",
    "icon",
    "image/href",
    "image/url",
    "author",
    "updated_parsed",
    "modified_parsed",
}
_ENTRY = {
    *_TEXT,
    "id",
    "guid",
    "link",
    "author",
    "authors",
    "authors/*",
    "authors/*/name",
    "published_parsed",
    "issued_parsed",
    "updated_parsed",
    "modified_parsed",
    "summary",
    "summary_detail/value",
    "description",
    "content/*/value",
    "enclosures",
    "enclosures/*",
    "enclosures/*/href",
    "enclosures/*/url",
    "enclosures/*/type",
    "enclosures/*/length",
    "tags/*/term",
    "category",
    "comments",
    "media_thumbnail/*/url",
}
MODELLED: frozenset[str] = frozenset(
    {"bozo", "version", "feed", "entries", "entries/*"}
    | {f"feed/{k}" for k in _FEED}
    | {f"entries/*/{k}" for k in _ENTRY}
    # a container may be named on the way to a modelled leaf (len(entries[0]['tags']), ...)
    | {
        "entries/*/tags",
        "entries/*/content",
        "entries/*/content/*",
        "entries/*/media_thumbnail",
        "entries/*/media_thumbnail/*",
        "entries/*/tags/*",
        "feed/image",
    }
)
_CONTAINERS_NOT_WHOLE = {
    "entries/*/tags/*",
    "entries/*/content/*",
    "entries/*/tags",
    "entries/*/content",
    "entries/*/media_thumbnail/*",
    "entries/*/media_thumbnail",
    "feed/image",
    "entries/*/authors/*",
    "entries/*/authors",
}
_ROOTS = {
    "bozo",
    "feed",
    "entries",
    "version",
    "encoding",
    "headers",
    "status",
    "href",
    "namespaces",
    "bozo_exception",
    "etag",
    "modified",
}


def _path_of(node: ast.AST) -> list[str] | None:
    """['entries', '*', 'title'] for entries[0]['title'] / entries[0].title; None otherwise."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Subscript):
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                parts.append(key.value)
            elif (
                isinstance(key, ast.Constant)
                and isinstance(key.value, int)
                or isinstance(key, ast.UnaryOp)
            ):
                parts.append("*")
            else:
                parts.append("?")
            node = node.value
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1]
        else:
            return None


def access_paths(expression: str) -> tuple[set[str], set[str]]:
    """(paths read, paths compared as a whole) by an Expect expression."""
    tree = ast.parse(expression, mode="eval")
    read: set[str] = set()
    whole: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "has_key")
            and node.args
        ):
            base = _path_of(node.func.value)
            arg = node.args[0]
            if base and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                read.add("/".join([*base, arg.value]))
                continue
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.In, ast.NotIn)):
                    base = _path_of(right)
                    if (
                        base
                        and isinstance(node.left, ast.Constant)
                        and isinstance(node.left.value, str)
                    ):
                        read.add("/".join([*base, node.left.value]))
            for operand in operands:
                path = _path_of(operand)
                if path:
                    whole.add("/".join(path))
                    for other in operands:
                        if isinstance(other, ast.Dict):
                            for key in other.keys:
                                if isinstance(key, ast.Constant):
                                    read.add("/".join([*path, str(key.value)]))
        if isinstance(node, (ast.Subscript, ast.Attribute, ast.Name)):
            path = _path_of(node)
            if path and path[0] in _ROOTS:
                if path[-1] in ("get", "has_key", "keys", "values", "items"):
                    path = path[:-1]
                read.add("/".join(path))
    return read, whole


def applicable(expression: str) -> bool:
    read, whole = access_paths(expression)
    if not read:
        return False
    if any(path not in MODELLED for path in read):
        return False
    return not any(path in _CONTAINERS_NOT_WHOLE for path in whole)


# --- the feedparser-shaped view of a ParsedFeed ------------------------------------------------

_SPACE = re.compile(r"\s+")
_DANGER = re.compile(
    r"<script|<style|\son\w+\s*=|javascript:|vbscript:|data:|<iframe|<object|<embed", re.IGNORECASE
)


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class TextValue(str):
    """A plain-text field; equal to an expected value as text or as HTML reduced to text."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return False
        mine = _collapse(self)
        return mine == _collapse(other) or mine == html_to_text(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


class AuthorValue(str):
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and _collapse(self) == (author_name(other) or "")

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


def _safe_norm(html: str) -> str:
    return sanitize_html(html).strip()


class HTMLValue(str):
    """Sanitised HTML; compared after both sides pass through Tidings' sanitiser."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return False
        return _safe_norm(self) == _safe_norm(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


class LinkValue(str):
    """A canonical link; compared with the expected value after the same canonicalisation."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and str(self) == canonical_link(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


_VERSION_GRAIN = {
    "rss": "rss20",
    "cdf": "unknown",
    "rss091u": "rss091",
    "rss091n": "rss091",
    "rss093": "rss092",
    "rss094": "rss092",
    "atom01": "atom03",
    "atom02": "atom03",
    "json1": "json10",
}


class VersionValue(str):
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and str(self) == _VERSION_GRAIN.get(other, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


class View(dict):  # type: ignore[type-arg]
    """A dict with feedparser's attribute access and has_key().

    A modelled text field that Tidings left empty (None: nothing left after
    sanitising or stripping tags) reads as an empty value, so it equals an
    expected value that is empty once normalised; ``in``/``has_key`` still
    report it absent.
    """

    empty: ClassVar[dict[str, str]] = {}

    def __missing__(self, key: str) -> Any:
        maker = self.empty.get(key)
        if maker is None:
            raise KeyError(key)
        return HTMLValue("") if maker == "html" else TextValue("")

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def has_key(self, key: str) -> bool:
        return key in self


def _put(view: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != () and value != []:
        view[key] = value


def _html(value: str | None) -> HTMLValue | None:
    return HTMLValue(value) if value is not None else None


class EntryView(View):
    empty: ClassVar[dict[str, str]] = {"title": "text", "summary": "html", "description": "html"}


class FeedView(View):
    empty: ClassVar[dict[str, str]] = {"title": "text", "subtitle": "html", "tagline": "html", "description": "html"}


def _entry_view(entry: ParsedEntry) -> View:
    v = EntryView()
    if not entry.key.startswith("sha1:"):
        v["id"] = v["guid"] = entry.key
    if entry.title is not None:
        v["title"] = TextValue(entry.title)
        v["title_detail"] = View(value=TextValue(entry.title))
    _put(v, "link", LinkValue(entry.link) if entry.link else None)
    if entry.authors:
        v["author"] = AuthorValue(entry.authors[0])
        v["authors"] = [View(name=AuthorValue(a)) for a in entry.authors]
    if entry.published:
        v["published_parsed"] = v["issued_parsed"] = entry.published.utctimetuple()
    when = entry.updated or entry.published  # feedparser falls back the same way
    if when:
        v["updated_parsed"] = v["modified_parsed"] = when.utctimetuple()
    summary = entry.summary if entry.summary is not None else entry.content
    if summary is not None:  # feedparser, too, shows the content as summary when there is none
        v["summary"] = v["description"] = _html(summary)
        v["summary_detail"] = View(value=_html(summary))
    if entry.content is not None and entry.content != entry.summary:
        v["content"] = [View(value=_html(entry.content))]
    enclosures = []
    for e in entry.enclosures:
        d = View(href=e.url)
        _put(d, "type", e.type)
        _put(d, "length", str(e.length) if e.length is not None else None)
        enclosures.append(d)
    _put(v, "enclosures", enclosures)
    if entry.categories:
        v["tags"] = [View(term=c) for c in entry.categories]
        v["category"] = entry.categories[0]
    _put(v, "comments", entry.comments_url)
    if entry.thumbnail:
        v["media_thumbnail"] = [View(url=entry.thumbnail)]
    return v


def view_of(feed: ParsedFeed) -> dict[str, Any]:
    f = FeedView()
    if feed.title is not None:
        f["title"] = TextValue(feed.title)
        f["title_detail"] = View(value=TextValue(feed.title))
    _put(f, "link", LinkValue(feed.link) if feed.link else None)
    if feed.description is not None:
        for key in ("subtitle", "tagline", "description"):
            f[key] = _html(feed.description)
        f["subtitle_detail"] = f["tagline_detail"] = View(value=_html(feed.description))
    _put(f, "language", feed.language)
    if feed.icon:
        f["icon"] = feed.icon
        f["image"] = View(href=feed.icon, url=feed.icon)
    if feed.author:
        f["author"] = AuthorValue(feed.author)
    if feed.updated:
        f["updated_parsed"] = f["modified_parsed"] = feed.updated.utctimetuple()
    return {
        "bozo": int(bool(feed.problems)),
        "version": VersionValue(feed.format.value),
        "feed": f,
        "entries": [_entry_view(e) for e in feed.entries],
    }


def dangerous_html(view: dict[str, Any]) -> list[str]:
    found = []
    for entry in view["entries"]:
        for key in ("summary",):
            if key in entry and _DANGER.search(entry[key]):
                found.append(f"{key}: {entry[key][:80]}")
        for content in entry.get("content", []):
            if _DANGER.search(content["value"]):
                found.append(f"content: {content['value'][:80]}")
    return found


# --- cases ---------------------------------------------------------------------------------

_FIELD = re.compile(r"^\s*(Description|Expect|Header|SkipUnless):\s*(.*?)\s*$", re.MULTILINE)


class Case:
    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.rel = path.relative_to(root).as_posix()
        self.group = self.rel.rsplit("/", 1)[0]
        raw = path.read_bytes()
        self.body = raw
        head = raw[:4096].decode("utf-8", "replace")
        if path.suffix == ".json":
            test = re.search(r'"__TEST__"\s*:\s*"(.*?)"', head)
            head = test.group(1).replace("Expect:", "\nExpect:").replace("-->", "") if test else ""
        fields: dict[str, list[str]] = defaultdict(list)
        for name, value in _FIELD.findall(
            head.split("-->", 1)[0] if path.suffix != ".json" else head
        ):
            fields[name].append(value)
        self.description = (fields.get("Description") or [""])[0]
        self.expect = (fields.get("Expect") or [""])[0]
        self.skip_unless = (fields.get("SkipUnless") or [None])[0]
        self.headers: dict[str, str] = {}
        for header in fields.get("Header", []):
            name, _, value = header.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self.url = self.headers.get("content-location") or SERVER + "tests/" + self.rel


def cases(root: Path) -> Iterator[Case]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".xml", ".json", ".rdf", ".atom", ".rss"):
            case = Case(path, root)
            if case.expect:
                yield case


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def run_tidings(case: Case) -> tuple[bool, str]:
    try:
        feed = parse_feed(case.body, url=case.url, content_type=case.headers.get("content-type"))
    except TidingsError as exc:
        return False, f"raised {type(exc).__name__}: {exc}"
    # The path of a stored entry: parse, then process (sanitise) each entry.
    feed = dataclasses.replace(feed, entries=tuple(clean_entry(e) for e in feed.entries))
    view = view_of(feed)
    danger = dangerous_html(view)
    if danger:
        return False, f"dangerous HTML kept: {danger[0]}"
    try:
        ok = bool(eval(case.expect, {"__builtins__": __builtins__}, dict(view)))
    except Exception as exc:  # noqa: BLE001 - a missing key means the case failed
        return False, f"{type(exc).__name__}: {exc}"
    return ok, "" if ok else _describe(view, case.expect)


def _describe(view: dict[str, Any], expect: str) -> str:
    read, _ = access_paths(expect)
    shown = []
    for path in sorted(read):
        value: Any = view
        for part in path.split("/"):
            try:
                value = value[0 if part == "*" else part] if not isinstance(value, int) else value
            except (KeyError, IndexError, TypeError):
                value = "<missing>"
                break
        shown.append(f"{path}={str(value)[:80]!r}")
    return "; ".join(shown)


def run_feedparser(case: Case) -> bool:
    import feedparser

    headers = dict(case.headers)
    headers.setdefault("content-location", case.url)
    # feedparser's own runner serves the files over HTTP, as application/xml unless a
    # Header: line says otherwise; without a Content-Type feedparser sets bozo.
    headers.setdefault(
        "content-type", "application/json" if case.path.suffix == ".json" else "application/xml"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = feedparser.parse(case.body, response_headers=headers)
            env = dict(result)
            return bool(eval(case.expect, {"__builtins__": __builtins__}, env))
        except Exception:  # noqa: BLE001
            return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show-failures", type=int, default=20)
    parser.add_argument("--no-feedparser", action="store_true")
    args = parser.parse_args()
    root = args.data.resolve()
    signal.signal(signal.SIGALRM, _alarm)

    total = 0
    skipped = 0
    chosen: list[Case] = []
    by_group_total: Counter[str] = Counter()
    for case in cases(root):
        total += 1
        if case.skip_unless:
            try:
                eval(case.skip_unless)
            except Exception:  # noqa: BLE001
                skipped += 1
                continue
        if applicable(case.expect):
            chosen.append(case)
            by_group_total[case.group] += 1

    passed = 0
    failures: dict[str, list[tuple[str, str]]] = defaultdict(list)
    started = time.process_time()
    for case in chosen:
        signal.alarm(10)
        try:
            ok, why = run_tidings(case)
        except _Timeout:
            ok, why = False, "timed out (10 s)"
        except Exception as exc:  # noqa: BLE001 - a crash is a failure, and is reported
            ok, why = False, f"CRASH {type(exc).__name__}: {exc}"
        finally:
            signal.alarm(0)
        if ok:
            passed += 1
        else:
            failures[case.group].append((case.rel, why))
    seconds = time.process_time() - started

    n = len(chosen)
    print(f"cases total: {total} (skipped by SkipUnless: {skipped})")
    print(f"applicable: {n}")
    print(
        f"tidings passed: {passed} / {n} = {100 * passed / max(n, 1):.1f}%  ({seconds:.1f} CPU s)"
    )
    # The sanitize cases pass through the normalising comparison above; show the rest apart too.
    other_n = sum(v for g, v in by_group_total.items() if g != "wellformed/sanitize")
    other_failed = sum(len(v) for g, v in failures.items() if g != "wellformed/sanitize")
    print(
        f"  excluding wellformed/sanitize: {other_n - other_failed} / {other_n} = "
        f"{100 * (other_n - other_failed) / max(other_n, 1):.1f}%"
    )
    crashes = sum(1 for fs in failures.values() for _, why in fs if why.startswith("CRASH"))
    print(f"tidings crashes (non-Tidings exceptions): {crashes}")
    if not args.no_feedparser:
        fp = sum(run_feedparser(case) for case in chosen)
        print(f"feedparser (reference, exact comparison): {fp} / {n} = {100 * fp / max(n, 1):.1f}%")
    print("\nfailures by directory (failed / applicable):")
    for group in sorted(by_group_total):
        print(f"  {group:<28} {len(failures.get(group, [])):4d} / {by_group_total[group]}")
    shown = 0
    for group in sorted(failures):
        for rel, why in failures[group]:
            if shown >= args.show_failures:
                break
            print(f"  FAIL {rel}: {why[:200]}")
            shown += 1


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    main()
