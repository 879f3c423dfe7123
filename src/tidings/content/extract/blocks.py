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
    html_parts = [_esc(el.text)]
    text_parts = [el.text or ""]
    for child in el:
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


def _walk(el: _Element, out: list[Block], ordered: bool = False) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        links = [0]
        if tag == "list":
            _walk(child, out, ordered=(child.get("rend") == "ol"))
            continue
        if tag == "table":
            out.append(_table(child))
            continue
        if tag == "graphic":
            img = _img(child)
            if img:
                out.append(Block(BlockKind.FIGURE, f"<figure>{img}</figure>", ""))
            continue
        if tag in ("div", "article", "section", "body") and len(child):
            _walk(child, out, ordered)
            continue
        inner_html, inner_text = _inline(child, links=links)
        text = _norm(inner_text)
        if not text and "<img" not in inner_html:
            continue
        if tag == "head":
            rend = child.get("rend") or "h2"
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            out.append(
                Block(
                    BlockKind.HEADING,
                    f"<h{level}>{inner_html.strip()}</h{level}>",
                    text,
                    links[0],
                    level=level,
                )
            )
        elif tag == "item":
            # A nested list inside an item was flattened into its text above; keep it simple.
            out.append(
                Block(
                    BlockKind.ITEM,
                    f"<li>{inner_html.strip()}</li>",
                    text,
                    links[0],
                    ordered=ordered,
                )
            )
        elif tag == "quote":
            out.append(
                Block(
                    BlockKind.QUOTE,
                    f"<blockquote>{inner_html.strip()}</blockquote>",
                    text,
                    links[0],
                )
            )
        elif tag == "code":
            out.append(
                Block(
                    BlockKind.CODE,
                    f"<pre><code>{_esc(child.text_content())}</code></pre>",
                    child.text_content().strip(),
                    0,
                )
            )
        else:
            out.append(Block(BlockKind.PARAGRAPH, f"<p>{inner_html.strip()}</p>", text, links[0]))


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
