"""Turn trafilatura's internal XML body into reading blocks: HTML and plain text.

trafilatura describes the main content in its own small vocabulary (``p``,
``head``, ``list``/``item``, ``quote``, ``table``/``row``/``cell``,
``graphic``, ``ref``, ``hi``, ``lb``, ``code``). Converting it ourselves gives
both renderings from one extraction, and lets the boilerplate rules drop whole
blocks before either is built. Image addresses and link targets go to the HTML
only: in plain text they would be noise for analysis.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from lxml.etree import _Element

_SPACES = re.compile(r"\s+")
_HI = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}


class BlockKind(StrEnum):
    PARAGRAPH = "p"
    HEADING = "heading"
    ITEM = "item"  # one list item; consecutive items render as one list
    QUOTE = "quote"
    TABLE = "table"
    FIGURE = "figure"
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Block:
    """One reading unit: its kind, its HTML and its plain text."""

    kind: BlockKind
    html: str
    text: str
    link_text_chars: int = 0  # characters inside links: high in menus and related lists
    level: int = 2  # heading level, or list type marker for items
    ordered: bool = False


def _esc(value: str | None) -> str:
    return html_lib.escape(value or "", quote=False)


def _attr(value: str | None) -> str:
    return html_lib.escape(value or "", quote=True)


def _inline(el: _Element, *, links: list[int]) -> tuple[str, str]:
    """(HTML, text) of an element's content and children, without its own tag."""
    return _inline_run(el.text, el, links=links)


def _inline_run(
    text: str | None, children: Iterable[_Element], *, links: list[int]
) -> tuple[str, str]:
    """(HTML, text) of a run of text and inline elements (each followed by its tail)."""
    html_parts = [_esc(text)]
    text_parts = [text or ""]
    for child in children:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner_html, inner_text = _inline(child, links=links)
        if tag == "ref":
            links[0] += len(inner_text.strip())
            target = child.get("target")
            inner_html = f'<a href="{_attr(target)}">{inner_html}</a>' if target else inner_html
        elif tag == "hi":
            name = _HI.get(child.get("rend") or "", "")
            inner_html = f"<{name}>{inner_html}</{name}>" if name else inner_html
        elif tag == "lb":
            inner_html, inner_text = "<br>", "\n"
        elif tag == "graphic":
            inner_html, inner_text = _img(child), ""
        elif tag == "code":
            inner_html = f"<code>{inner_html}</code>"
        elif tag == "del":
            inner_html = f"<del>{inner_html}</del>"
        elif tag in ("p", "head", "quote", "list", "item", "table"):
            inner_text = f" {inner_text} "
        tail = child.tail
        if tag == "ref" and tail and _glued(inner_text, tail):
            tail = " " + tail
        html_parts.append(inner_html + _esc(tail))
        text_parts.append(inner_text + (tail or ""))
    return "".join(html_parts), "".join(text_parts)


def _glued(link_text: str, tail: str) -> bool:
    """Whether a link's text runs into the word after it ("Price Guidefor the latest").

    trafilatura, asked to keep links, sometimes splits a paragraph at a link and
    drops the space after it; a link ending a word directly before a letter is
    that loss far more often than a link on part of a word.
    """
    return tail[0].isalnum() and link_text[-1:].isalnum()


def _img(el: _Element) -> str:
    src = el.get("src")
    if not src:
        return ""
    alt = el.get("alt") or el.get("title") or ""
    return f'<img src="{_attr(src)}" alt="{_attr(alt)}">'


def _norm(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _table(el: _Element) -> Block:
    links = [0]
    rows_html, rows_text = [], []
    for row in el.iter("row"):
        cells_html, cells_text = [], []
        for cell in row:
            if cell.tag != "cell":
                continue
            inner_html, inner_text = _inline(cell, links=links)
            tag = "th" if cell.get("role") == "head" else "td"
            cells_html.append(f"<{tag}>{inner_html.strip()}</{tag}>")
            cells_text.append(_SPACES.sub(" ", inner_text).strip())
        if cells_html:
            rows_html.append(f"<tr>{''.join(cells_html)}</tr>")
            rows_text.append(" | ".join(cells_text))
    return Block(
        BlockKind.TABLE,
        f"<table><tbody>{''.join(rows_html)}</tbody></table>",
        "\n".join(rows_text),
        links[0],
    )


# A web address standing alone: a share or source link printed as text, not prose.
_BARE_URL = re.compile(r"\S+://\S+|www\.\S+")
# Inline elements trafilatura can leave directly in a container, among loose text.
_INLINE_TAGS = frozenset(["hi", "ref", "del", "lb"])


def _walk(el: _Element, out: list[Block], ordered: bool = False) -> None:
    # Loose text in a container (after a heading or an image, or around inline
    # elements left there) is a paragraph of its own: trafilatura keeps it as the
    # tail of the block before it, and its own text output prints it.
    lead: str | None = None
    run: list[_Element] = []
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            run.append(child)
            continue
        _loose_paragraph(lead, run, out)
        lead, run = None, []
        _block(child, out, ordered)
        lead = child.tail
    _loose_paragraph(lead, run, out)


def _loose_paragraph(lead: str | None, run: list[_Element], out: list[Block]) -> None:
    if not run and not (lead and lead.strip()):
        return
    links = [0]
    inner_html, inner_text = _inline_run(lead, run, links=links)
    text = _norm(inner_text)
    # An address printed as loose text (after an image: its share link) is no prose;
    # a link element is kept, as trafilatura gave it.
    if text and (run or not _BARE_URL.fullmatch(text)):
        out.append(Block(BlockKind.PARAGRAPH, f"<p>{inner_html.strip()}</p>", text, links[0]))


# trafilatura's block elements other than headings and code: the kind and HTML element.
_ELEMENTS = {"item": (BlockKind.ITEM, "li"), "quote": (BlockKind.QUOTE, "blockquote")}


def _block(child: _Element, out: list[Block], ordered: bool) -> None:
    tag = child.tag if isinstance(child.tag, str) else ""
    links = [0]
    if tag == "list":
        _walk(child, out, ordered=(child.get("rend") == "ol"))
        return
    if tag == "table":
        out.append(_table(child))
        return
    if tag == "graphic":
        img = _img(child)
        if img:
            out.append(Block(BlockKind.FIGURE, f"<figure>{img}</figure>", ""))
        return
    if tag in ("div", "article", "section", "body") and len(child):
        _walk(child, out, ordered)
        return
    inner_html, inner_text = _inline(child, links=links)
    text = _norm(inner_text)
    if not text and "<img" not in inner_html:
        return
    if tag == "code":
        code = child.text_content()
        out.append(Block(BlockKind.CODE, f"<pre><code>{_esc(code)}</code></pre>", code.strip(), 0))
        return
    level = 2
    if tag == "head":
        rend = child.get("rend") or "h2"
        level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
        kind, element = BlockKind.HEADING, f"h{level}"
    else:
        kind, element = _ELEMENTS.get(tag, (BlockKind.PARAGRAPH, "p"))
    html = f"<{element}>{inner_html.strip()}</{element}>"
    # A nested list inside an item was flattened into its text above; keep it simple.
    ordered_item = ordered and kind is BlockKind.ITEM
    out.append(Block(kind, html, text, links[0], level=level, ordered=ordered_item))


def body_blocks(body: _Element | None) -> list[Block]:
    """Reading blocks of a trafilatura body element, in document order."""
    if body is None:
        return []
    out: list[Block] = []
    _walk(body, out)
    return out


def add_missing_captions(blocks: list[Block], by_image: dict[str, str]) -> list[Block]:
    """Give figures the caption the page had, when the extractor dropped it."""
    if not by_image:
        return blocks
    out = []
    for block in blocks:
        if block.kind is BlockKind.FIGURE and "<figcaption>" not in block.html:
            match = re.search(r'src="([^"]+)"', block.html)
            caption = by_image.get(html_lib.unescape(match.group(1))) if match else None
            if caption:
                block = Block(
                    BlockKind.FIGURE,
                    block.html.replace(
                        "</figure>", f"<figcaption>{_esc(caption)}</figcaption></figure>"
                    ),
                    "",
                )
        out.append(block)
    return out


def render_html(blocks: list[Block]) -> str:
    parts: list[str] = []
    open_list: str | None = None
    for block in blocks:
        want = ("ol" if block.ordered else "ul") if block.kind is BlockKind.ITEM else None
        if open_list and want != open_list:
            parts.append(f"</{open_list}>")
            open_list = None
        if want and not open_list:
            parts.append(f"<{want}>")
            open_list = want
        parts.append(block.html)
    if open_list:
        parts.append(f"</{open_list}>")
    return "\n".join(parts)


def render_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks if b.text)
