"""extract_article: one article page in, its main text and metadata out.

The pipeline is decode (and bound) -> parse (and bound) -> metadata -> drop
nav/footer/aside, metadata-only and empty elements -> cut captions (kept by
image) -> main text -> chrome rules -> render HTML and text. Main
text comes from trafilatura in precision mode with comments off: on the
development half of the ScrapingHub set it beat the default mode, the recall
mode and readability-lxml (see bench/README-extraction.md). When precision
mode finds under 40 words, the default mode is tried once more, since
precision mode sometimes discards a whole short article.
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Callable

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from .blocks import Block, add_missing_captions, body_blocks, render_html, render_text
from .boilerplate import caption_key, filter_blocks, headline_like, split_standfirst
from .decode import decode_html
from .language import detect_language
from .limits import CJK_CHARS_PER_MINUTE, MAX_DEPTH, MAX_ELEMENTS, WORDS_PER_MINUTE
from .metadata import PageMetadata, extract_metadata
from .types import ExtractedArticle, ExtractionStatus

_WORD = re.compile(r"\w+")
# Site chrome by its own markup: never article text, and dropping it before
# trafilatura makes its many XPath passes run on a smaller tree (~14% faster
# extraction on the development half, same F1). A union of "//tag" paths
# measured 3x faster here than one "//*[self::a or ...]". A <header> outside any
# <article> or <main> and without the headline is the site's masthead (logo,
# menus, log-in); the article's own header, which may hold its standfirst, stays
# (another ~4% faster, same F1).
_CHROME_XPATH = (
    "//nav|//footer|//aside|//button|//select|//textarea|//input|//iframe"
    "|//header[not(.//h1) and not(ancestor::article) and not(ancestor::main)]"
)
# Read for the metadata and never text: trafilatura would clean them out itself,
# after running its XPath passes over them (~5% faster without them, same F1).
_METADATA_XPATH = (
    "//head/*[not(self::title)]|//body//script|//body//noscript|//body//template"
    "|//body//meta|//body//link"
)
# Empty divs and spans (spacers, icon fonts, ad slots, lazy-load placeholders):
# one inside a heading or paragraph made trafilatura drop or cut that block
# ("<h2><div class='spacer'></div>Menu for plan B</h2>"). Dropping them also
# spares its passes a few hundred elements on most pages (~6% faster).
_EMPTY_XPATH = "//div[not(*) and not(normalize-space())]|//span[not(*) and not(normalize-space())]"
_DROP_BEFORE_EXTRACTION = etree.XPath(f"{_CHROME_XPATH}|{_METADATA_XPATH}|{_EMPTY_XPATH}")
_METADATA_ONLY = etree.XPath(_METADATA_XPATH)
# Under this many words the precision pass is distrusted and the default pass tried.
_FALLBACK_WORDS = 40


_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_DOCTYPE = re.compile(r"^\s*< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
_SELF_CLOSED_HTML = re.compile(r"^(\s*(?:<!DOCTYPE[^>]*>\s*)?<html\b[^>]*?)\s*/>", re.IGNORECASE)
_local = threading.local()


def _parser() -> lxml.html.HTMLParser:
    # One parser per thread: its error log (read for the depth limit) is then ours alone.
    # The options are those trafilatura parses with, so its extractor sees the tree it expects.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = lxml.html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
    return parser


def _parse(html: str) -> tuple[HtmlElement | None, bool]:
    """(tree, whether libxml2 hit its depth limit); tree is None when nothing parsed."""
    parser = _parser()
    # The two repairs trafilatura makes before parsing: a doctype holding a "/"
    # (libxml2 bug 1955915) and a self-closed <html/>, both at the very start.
    html = _BAD_DOCTYPE.sub("", html, count=1)
    html = _SELF_CLOSED_HTML.sub(r"\1>", html, count=1)
    data = _INVALID_XML_CHARS.sub("", html).encode("utf-8", "surrogatepass")
    try:
        tree = lxml.html.fromstring(data, parser=parser)
    except (ValueError, TypeError, etree.LxmlError):
        return None, False
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return tree, too_deep


def _bounds_problem(html: str, tree: HtmlElement, too_deep: bool) -> ExtractedArticle | None:
    if too_deep:
        # libxml2 drops what is nested past MAX_DEPTH; say so rather than return a part.
        return ExtractedArticle(
            ExtractionStatus.TOO_DEEP,
            reason=f"elements are nested deeper than {MAX_DEPTH} levels",
        )
    # Every element but the few a parser adds needs a "<": counting those is nearly free.
    if html.count("<") + 10 > MAX_ELEMENTS and tree.xpath("count(//*)") > MAX_ELEMENTS:
        return ExtractedArticle(
            ExtractionStatus.TOO_LARGE,
            reason=f"the page has more than {MAX_ELEMENTS:,} elements",
        )
    return None


_CAPTION_XPATH = "//figcaption|//*[contains(@class,'caption')]|//*[contains(@class,'credit')]"
_SPACES = re.compile(r"\s+")


def _nearby_image(element: HtmlElement) -> HtmlElement | None:
    """The picture a caption belongs to: one in its parent or grandparent."""
    ancestor = element.getparent()
    for _ in range(2):
        if ancestor is None:
            return None
        img = ancestor.find(".//img[@src]")
        if img is not None:
            return img
        ancestor = ancestor.getparent()
    return None


def _take_captions(tree: HtmlElement) -> tuple[str, dict[str, str]]:
    """Cut figure captions and photo credits out of the tree.

    Returns their text, one per line, and image address -> caption, so that
    captions go back into the reading HTML inside their ``<figure>``.

    A caption is never article text, but extractors keep the ones that are not
    a ``<figcaption>`` inside a ``<figure>`` (gallery slides, "caption" divs, a
    caption printed twice for a "more/less" toggle), and once it is in a block
    it is often merged with a neighbour, where no text match finds it. Cut
    before extraction, it cannot be. An element holding an image stays
    (some "caption" wrappers hold the picture too; their text is matched after
    extraction instead), and so does one holding several paragraphs or 2,000
    characters: a "caption" class on the article's wrapper is no caption.
    """
    parts: list[str] = []
    by_image: dict[str, str] = {}
    for element in tree.xpath(_CAPTION_XPATH):
        text = _SPACES.sub(" ", element.text_content()).strip()
        if not text or len(text) >= 2000:
            continue
        parts.append(text)
        if element.find(".//img") is not None or len(element.findall(".//p")) > 1:
            continue
        if element.getroottree().getroot() is not tree:
            continue  # inside a caption already cut
        img = _nearby_image(element)
        if img is not None:
            by_image.setdefault(img.get("src", ""), text)
        element.drop_tree()  # keeps the tail text, which belongs to the parent
    return "\n".join(parts), by_image


_SUBHEADING_XPATH = etree.XPath(
    "//div[contains(@class,'subhead') or contains(@class,'sub-head')"
    " or contains(@class,'crosshead') or contains(@class,'intertitle')]"
)
_BLOCK_TAGS = frozenset(["div", "p", "ul", "ol", "table", "section", "figure", "blockquote"])


def _holds_blocks(element: HtmlElement) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element.iterdescendants())


def _mark_subheadings(tree: HtmlElement) -> None:
    """Make headings of the divs a page styles as subheadings ("pf_subheadline").

    A short line of text in a plain ``<div>`` between paragraphs is dropped by
    the extractor as layout; a class naming a subhead or crosshead says it is
    the article's own heading.
    """
    for element in _SUBHEADING_XPATH(tree):
        if _holds_blocks(element):
            continue
        if 0 < len(element.text_content().strip()) <= 200:
            element.tag = "h3"


# Where a page names its standfirst (dek): class names, schema.org itemprops and the
# meta description, which sites fill with the standfirst. contains() finds candidates
# cheaply; the class is then split into words, so that "sidekick" is no "dek".
_DESCRIPTION_XPATH = etree.XPath(
    "/html/head/meta[@name='description' or @property='og:description']/@content"
)
_STANDFIRST_XPATH = etree.XPath(
    "//body//*[@itemprop='description' or @itemprop='alternativeHeadline' or @itemprop='abstract'"
    " or contains(@class,'dek') or contains(@class,'deck') or contains(@class,'standfirst')"
    " or contains(@class,'subtitle') or contains(@class,'sub-title') or contains(@class,'summary')"
    " or contains(@class,'description') or contains(@class,'lede') or contains(@class,'intro')"
    " or contains(@class,'strapline') or contains(@class,'excerpt') or contains(@class,'lead')]"
)
_STANDFIRST_CLASS_WORDS = frozenset(
    [
        "dek",
        "deck",
        "standfirst",
        "subtitle",
        "summary",
        "description",
        "lede",
        "lead",
        "leader",
        "intro",
        "introduction",
        "strapline",
        "excerpt",
    ]
)
_CLASS_WORD = re.compile(r"[a-z]+")
_CLASS_JOINERS = re.compile(r"[-_]")
_STANDFIRST_CHARS = 600  # a standfirst is a sentence or two; longer is the story itself


def _description_keys(tree: HtmlElement) -> frozenset[str]:
    """Keys (:func:`caption_key`) of the page's meta descriptions, which often are its standfirst."""
    return frozenset(
        key
        for text in _DESCRIPTION_XPATH(tree)
        if len(text) <= _STANDFIRST_CHARS and (key := caption_key(text))
    )


def _standfirst_finder(
    tree: HtmlElement, descriptions: frozenset[str]
) -> Callable[[], frozenset[str]]:
    """A function giving the keys of the texts the page marks as its standfirst.

    The search costs a pass over the whole page (about a tenth of extraction
    time), and the wording of a heading settles most cases: it runs only when
    asked, at most once.
    """

    @functools.cache
    def find() -> frozenset[str]:
        keys = set(descriptions)
        for found in _STANDFIRST_XPATH(tree):
            if not _is_marked_standfirst(found):
                continue
            text = found.text_content()
            if 0 < len(text) <= _STANDFIRST_CHARS and (key := caption_key(text)):
                keys.add(key)
        return frozenset(keys)

    return find


# Words that make a "description" or "summary" someone's or something else's: the
# author's bio, a picture's caption, a promo card or a sign-up box.
_NOT_STANDFIRST_CLASS_WORDS = frozenset(
    """author byline bio profile caption credit photo image img video media gallery card
    teaser promo related newsletter subscribe signup share social product""".split()  # noqa: SIM905
)


def _is_marked_standfirst(element: HtmlElement) -> bool:
    if element.get("itemprop") in ("description", "alternativeHeadline", "abstract"):
        return True
    # "article__dek" and "c-dek" by their words, "sub-title" and "stand_first" joined up
    names = (element.get("class") or "").lower()
    words = {*_CLASS_WORD.findall(names), *_CLASS_JOINERS.sub("", names).split()}
    return not _STANDFIRST_CLASS_WORDS.isdisjoint(words) and _NOT_STANDFIRST_CLASS_WORDS.isdisjoint(
        words
    )


# A paragraph of the story itself: where the search for a standfirst stops.
_BODY_PARAGRAPH_CHARS = 150
_BLOCK_LEVEL = frozenset(["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table"])


def _lift_standfirsts(tree: HtmlElement, title: str | None) -> frozenset[str]:
    """Make the standfirst or lead between the headline and the story readable to the extractor.

    Between the ``<h1>`` and the first paragraph of the story, an element whose
    class or itemprop names a standfirst, dek or lead ("article-leader",
    "c-dek", "subtitle") is the story's standfirst or its opening paragraph.
    Pages set it where precision mode does not look: inside the article's
    ``<header>`` (dropped whole; it is moved to just after the header) or as a
    ``<span>`` or ``<div>`` of loose text (skipped as layout; it becomes a ``<p>``).

    Returns the keys (:func:`caption_key`) of the texts moved out of a header:
    those are the standfirst, set apart from the body text; a lead paragraph
    outside the header is the story's opening and stays in it.
    """
    body = tree.find("body")
    body = tree if body is None else body
    headlines = [h for h in body.iter("h1") if h.text_content().strip()]
    if not headlines:
        return frozenset()
    headline = next((h for h in headlines if headline_like(h.text_content(), title)), headlines[0])
    found: list[HtmlElement] = []
    started = False
    for element in body.iter():
        if element is headline:
            started = True
            continue
        if not started or not isinstance(element.tag, str):
            continue
        if element.tag == "p" and len(element.text_content()) >= _BODY_PARAGRAPH_CHARS:
            break
        if not _is_marked_standfirst(element) or element.find(".//h1") is not None:
            continue
        if any(a is headline or a in found for a in element.iterancestors()):
            continue
        if 0 < len(element.text_content().strip()) <= _STANDFIRST_CHARS:
            found.append(element)
    from_header: set[str] = set()
    for element in found:
        headers = list(element.iterancestors("header"))
        if headers:
            header = headers[-1]  # the outermost
            _detach_keeping_tail(element)
            header.addnext(element)
            from_header.add(caption_key(element.text_content()))
        if element.tag not in _BLOCK_LEVEL and not _holds_blocks(element):
            element.tag = "p"
    return frozenset(from_header)


def _detach_keeping_tail(element: HtmlElement) -> None:
    """Take an element out of its parent; its tail text stays where it was."""
    tail, element.tail = element.tail, None
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent = element.getparent()
            parent.text = (parent.text or "") + tail
    element.getparent().remove(element)


# Shorter alt texts ("photo", "logo", a name) say nothing about the text around them.
_MIN_ALT_CHARS = 20


def _image_alts(tree: HtmlElement) -> frozenset[str]:
    """Keys of the images' alt texts: a line of text repeating one is that image's caption."""
    return frozenset(
        caption_key(alt)
        for img in tree.iter("img")
        if len(alt := (img.get("alt") or "").strip()) >= _MIN_ALT_CHARS
    )


def _trafilatura_blocks(tree: HtmlElement, *, precision: bool) -> list[Block]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            # No url: links stay relative here and the sanitiser makes them absolute,
            # which is cheaper than trafilatura resolving each one.
            favor_precision=precision,
            # Any text format: trafilatura then skips rendering its body as text
            # (the "python" default does), which this package never reads (~3%).
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            with_metadata=False,
        )
    except Exception:  # noqa: BLE001 - a third-party failure on odd markup means "no text"
        doc = None
    return body_blocks(getattr(doc, "body", None))


def _main_blocks(tree: HtmlElement) -> list[Block]:
    """The article's blocks: precision mode, or the default mode when it finds too little.

    Precision mode sometimes discards a whole short article: under
    ``_FALLBACK_WORDS`` words found, the default mode is tried once more.
    """
    found = _trafilatura_blocks(tree, precision=True)
    if _enough(found):
        return found
    other = _trafilatura_blocks(tree, precision=False)
    return other if _enough(other) else found or other


def _unpruned_if_longer(html: str, blocks: list[Block]) -> list[Block]:
    """The main text of the page parsed afresh, without this package's pruning, if longer.

    The pruning before extraction (chrome elements, captions and credits, empty
    elements) is there for speed and precision; it must never cost the article.
    A page that sets its story inside an element those rules cut (an ``<aside>``
    layout, a wrapper whose class happens to say "caption" or "credit") leaves
    almost nothing: then the page is extracted again as trafilatura alone would.
    """
    tree, _ = _parse(html)
    if tree is None:
        return blocks
    _drop(tree, _METADATA_ONLY)
    other = _main_blocks(tree)
    return other if sum(len(b.text) for b in other) > sum(len(b.text) for b in blocks) else blocks


def _drop(tree: HtmlElement, xpath: etree.XPath) -> None:
    """Remove what ``xpath`` finds; its tail text stays, as it belongs to the parent."""
    for element in xpath(tree):
        if element.getparent() is not None:
            element.drop_tree()


def _enough(blocks: list[Block]) -> bool:
    """Whether a result has ``_FALLBACK_WORDS`` words or more."""
    chars = sum(len(b.text) for b in blocks)
    # Counting words is only needed near the threshold; 20 characters a word is generous.
    return chars >= 20 * _FALLBACK_WORDS or (
        chars > 0 and sum(len(_WORD.findall(b.text)) for b in blocks) >= _FALLBACK_WORDS
    )


def extract_article(
    html: bytes | str,
    *,
    url: str | None = None,
    site_lines: frozenset[str] = frozenset(),
) -> ExtractedArticle:
    """The main text and metadata of an article page.

    Never raises for any content of ``html``: a page that cannot give an
    article returns an :class:`ExtractedArticle` whose ``status`` says why and
    whose ``reason`` says it in words. ``site_lines`` are fingerprints of lines
    known to repeat across this site's pages (see
    :func:`tidings.content.extract.learn_site_lines`).
    """
    if not isinstance(html, (bytes, str)):
        raise TypeError(f"extract_article takes bytes or str, not {type(html).__name__}")
    decoded = decode_html(html)
    if decoded.status is not ExtractionStatus.OK:
        return ExtractedArticle(decoded.status, reason=decoded.reason)
    tree, too_deep = _parse(decoded.html)
    if tree is None:
        return ExtractedArticle(ExtractionStatus.NO_ARTICLE, reason="the HTML could not be parsed")
    problem = _bounds_problem(decoded.html, tree, too_deep)
    if problem is not None:
        return problem

    meta = extract_metadata(tree, url=url)
    descriptions = _description_keys(tree)  # before the head's meta elements go
    _drop(tree, _DROP_BEFORE_EXTRACTION)
    captions, by_image = _take_captions(tree)
    _mark_subheadings(tree)
    lifted = _lift_standfirsts(tree, meta.title)
    blocks = _main_blocks(tree)
    if not _enough(blocks):
        blocks = _unpruned_if_longer(decoded.html, blocks)
    blocks = filter_blocks(
        blocks,
        title=meta.title,
        site_lines=site_lines,
        captions=captions,
        alt_texts=_image_alts(tree),
        standfirsts=_standfirst_finder(tree, descriptions),
    )
    blocks = add_missing_captions(blocks, by_image)
    return _assemble(meta, blocks, lifted, base_url=meta.canonical_url or url)


def _assemble(
    meta: PageMetadata, blocks: list[Block], lifted: frozenset[str], *, base_url: str | None
) -> ExtractedArticle:
    standfirst, body = split_standfirst(blocks, lifted)
    text = render_text(body)
    words, minutes = count_words(text)
    status = ExtractionStatus.OK if words else ExtractionStatus.NO_ARTICLE
    return ExtractedArticle(
        status=status,
        text=text if words else "",
        # Readers see the standfirst where the page set it, above the story.
        html=_sanitize(render_html(blocks), base_url) if words else "",
        standfirst=" ".join(b.text for b in standfirst) if words else "",
        title=meta.title,
        authors=meta.authors,
        published=meta.published,
        site_name=meta.site_name,
        lead_image=meta.lead_image,
        language=detect_language(text, declared=meta.declared_language),
        canonical_url=meta.canonical_url,
        word_count=words,
        reading_minutes=minutes,
        reason=None if words else "no main text was found on the page",
    )


# Han and kana are written without spaces: each character is counted as a word,
# as word processors do, and read at about twice the pace of alphabetic words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def count_words(text: str) -> tuple[int, int]:
    """(word count, reading minutes rounded up) of plain text in any script."""
    cjk = len(_CJK.findall(text))
    other = len(_WORD.findall(_CJK.sub(" ", text))) if cjk else len(_WORD.findall(text))
    words = other + cjk
    minutes = math.ceil(other / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE) if words else 0
    return words, minutes


def _sanitize(html: str, base_url: str | None) -> str:
    from tidings.content.sanitize import sanitize_html

    return sanitize_html(html, base_url=base_url)


# For tidings.content.pages: a page a site rule edits is parsed with the same
# parser and held to the same bounds as any other.
parse_html = _parse
bounds_problem = _bounds_problem
