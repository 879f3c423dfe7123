"""Rules that remove what extractors leave in: prompts, promos, share bars, related lists.

They work on blocks (HTML extraction) and on paragraphs or lines (plain-text
documents) alike. A rule only fires on a short block: a real paragraph that
happens to mention a newsletter is long, a pitch for one is not. Site-level
repetition (the same line on many pages of one site) is learned by the caller
from pages already fetched and passed in as fingerprints; this module stays
pure.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from .blocks import Block, BlockKind

# A block longer than this is content, whatever words it uses.
_SHORT_CHARS = 280

# Prompts: sign-up, paywall, newsletter, app download, share and follow bars,
# reading-time and ad labels, comment prompts, credits. Matched on lower-cased
# text; the anchored ones are tried once at the start, the rest anywhere.
_PROMPT_START = re.compile(
    r"""\s*(?:
      share\ (?:on|via)\b
    | follow\b[^.]{0,80}\b(?:full\ coverage|live\ updates|on\ (?:facebook|twitter|instagram|x))\b
    | (?:reach|contact|e-?mail)\ (?:the\ )?(?:reporters?|writers?|authors?|us)\b
    | sources?\s*:\s*\S.{0,60}$
    | advertisement\s*$ | (?:sponsored(?:\ content)?|ad)\s*$
    | \d+\ (?:min|minute)s?\ read\s*$
    | (?:\d+\ )?comments?\s*$
    | (?:filed\ under|tags?|topics?|categories)\s*:
    | (?:copyright\b|©)
    | (?:\.{3}|…)?\s*(?:less|more)\s*$
    | (?:photo|image|picture|video|graphic)s?(?:\ credit)?\s*(?::|by\b)
    )""",
    re.VERBOSE,
)
_PROMPT_ANY = re.compile(
    r"""
    \balready\ an?\ (?:subscriber|member)\b | \bsubscribers?\ only\b
    | \blog\ ?in\ to\ (?:continue|read|comment)
    | \bdelivered\ (?:to|through)\ your\ (?:inbox|letterbox|door)
    | \bsupport\ (?:our|independent)\ journalism
    | \bif\ you\ enjoyed\ this\ article | \bwe\ have\ a\ proposition\ for\ you
    | \b(?:download|get|install)\ (?:our|the)\ (?:free\ )?(?:\w+\ ){0,3}app\b
    | \bavailable\ on\ the\ app\ store\b | \b(?:download|get)\ it\ on\ google\ play\b
    | \bshare\ this\ (?:article|story|post|page)\b | \bclick\ to\ tweet\b
    | \bfollow\ (?:us|@\w+)\ on\b | \bfollow\ (?:us|@\w+)\b.*\b(?:twitter|facebook|instagram)\b
    | \b(?:we|this\ (?:site|website))\ uses?\ cookies\b | \bcookie\ (?:policy|settings|consent)\b
    | \breading\ time\s*: | \btempo\ de\ leitura\b | \blesezeit\b
    | \btell\ us\ what\ you\ think\b | \bleave\ a\ (?:comment|reply)\b
    | \bclick\ here\ for\ more\b
    | \bwe(?:['’]d|\ would)\ (?:like|love)\ to\ hear\ (?:from\ you|what\ you\ think|your\ (?:views|thoughts|feedback))
    | \b(?:continue|keep)\ reading\ (?:below|the\ (?:main\ )?(?:story|article))\b
    | \b(?:story|article|text)\ continues\ (?:below|after)\b
    | \brequires?\ javascript\b | \b(?:please\ )?(?:enable|turn\ on)\ javascript\b
    | \byour\ browser\ (?:does\ not|doesn['’]t)\ support\b
    """,
    re.VERBOSE,
)

# Pitches whose words a story can use too ("Residents can sign up for the scheme at
# the town hall", "the bank's weekly newsletter warned"): a pitch speaks to the reader
# (you, your, our, us, we, now, here) or opens with the verb, and reports no speech.
_PITCH = re.compile(
    r"""
    \bsubscribe\b | \bsign[ -]?up\ (?:for|to|now|here|today)\b
    | \b(?:our|free|daily|weekly|morning|evening)\b[^.]{0,40}\bnewsletters?\b
    | \bnewsletters?\b[^.]{0,40}\b(?:sign|subscribe|inbox|e-?mail\ address)
    | \bbecome\ a\ (?:member|subscriber|supporter)
    """,
    re.VERBOSE,
)
_TO_THE_READER = re.compile(
    r"\b(?:you|your|our|us|we|now|here|today)\b"
    r"|^\W*(?:subscribe|sign|become|join|get|don['’]?t|never|click|enter)\b"
)
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|told|according\ to)\b")


def _is_pitch(lower: str) -> bool:
    return (
        _PITCH.search(lower) is not None
        and _TO_THE_READER.search(lower) is not None
        and _REPORTED_SPEECH.search(lower) is None
    )


# Headings of promo lists: what follows them (list items, short link lines) goes too.
_PROMO_HEADING = re.compile(
    r"""^\s*(?:
      related(?:\ (?:stories|articles|posts?|content|coverage|reading|links))?
    | (?:read|see)\ (?:more|also|next)
    | you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested\ in)
    | (?:more|latest)\ (?:from|on|in|about|stories|news|articles)\b.*
    | (?:most|top)\ (?:read|popular|viewed|shared|stories)\b.*
    | top\ stories | our\ picks | editor'?s?\ picks | recommended(?:\ for\ you)?
    | trending(?:\ now)? | popular(?:\ now)? | don'?t\ miss | what\ to\ read\ next
    | also\ (?:read|see|on)\b.*
    )\s*[:.…-]*\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# "Related: <headline>" and "Read more: <headline>" lines.
_PROMO_LINE = re.compile(
    r"^\s*(?:related(?:\ \w+)?|read\ (?:more|also|next)|see\ also|also\ read|more|watch|listen)"
    r"\s*:\s*\S",
    re.IGNORECASE | re.VERBOSE,
)
_SHORTCODE = re.compile(r"^\s*\[\w+[^\]]*\].*\[/\w+\]\s*$")
_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> str:
    """A stable key for a line, blind to case, punctuation and spacing."""
    words = " ".join(_WORD.findall(text.lower()))
    return hashlib.blake2b(words.encode(), digest_size=8).hexdigest()


# Every rule above needs one of these words; checking a word set first keeps the
# regular expressions off most blocks (they were a tenth of extraction time).
_CUE_WORDS = frozenset(
    [
        "reach",
        "contact",
        "email",
        "source",
        "sources",
        "coverage",
        "updates",
        "subscribe",
        "subscriber",
        "sign",
        "log",
        "login",
        "newsletter",
        "newsletters",
        "delivered",
        "become",
        "support",
        "enjoyed",
        "proposition",
        "download",
        "get",
        "install",
        "available",
        "share",
        "tweet",
        "follow",
        "cookies",
        "cookie",
        "advertisement",
        "sponsored",
        "ad",
        "min",
        "mins",
        "minute",
        "minutes",
        "reading",
        "leitura",
        "lesezeit",
        "comment",
        "comments",
        "think",
        "leave",
        "filed",
        "tag",
        "tags",
        "topic",
        "topics",
        "categories",
        "click",
        "copyright",
        "related",
        "read",
        "see",
        "also",
        "more",
        "watch",
        "listen",
        "less",
        "photo",
        "photos",
        "image",
        "images",
        "picture",
        "video",
        "graphic",
        "hear",
        "continue",
        "keep",
        "continues",
        "javascript",
        "browser",
    ]
)


# Pitches so specific that a longer block using them is still a pitch.
_STRONG_PROMPT = re.compile(
    r"\bif you enjoyed this article\b|\bwe have a proposition for you\b"
    r"|\bsupport (?:our|independent) journalism\b|\bbecome a (?:member|subscriber|supporter)\b"
    r"|\bsubscribe (?:now|today|to our)\b",
    re.IGNORECASE,
)
_STRONG_CHARS = 700
_STRONG_CUES = ("enjoyed", "proposition", "journalism", "become a", "subscribe")


# A share bar printed as text: "Share Tweet Email", "Facebook Twitter LinkedIn Print".
_SHARE_BAR_WORDS = frozenset(
    """share shares tweet email e mail print facebook twitter linkedin pinterest reddit whatsapp
    messenger flipboard telegram sms copy link save comment comments x""".split()  # noqa: SIM905
)
_SHARE_BAR_TOKENS = 12


def _is_share_bar(words: list[str]) -> bool:
    return 2 <= len(words) <= _SHARE_BAR_TOKENS and all(
        w in _SHARE_BAR_WORDS or w.isdigit() for w in words
    )


def is_prompt(text: str) -> bool:
    """True for a short line or block that asks, sells or labels rather than reports."""
    if len(text) > _SHORT_CHARS:
        if len(text) > _STRONG_CHARS:
            return False
        lower = text.lower()
        # Substring tests first: the regular expression is slow on the many long paragraphs.
        return any(cue in lower for cue in _STRONG_CUES) and bool(_STRONG_PROMPT.search(text))
    if "©" in text or "[/" in text:
        lower = text.lower()
        return bool(
            _SHORTCODE.match(text)
            or _PROMPT_START.match(lower)
            or _PROMPT_ANY.search(lower)
            or _is_pitch(lower)
        )
    lower = text.lower()
    words = _WORD.findall(lower)
    if _is_share_bar(words):
        return True
    if _CUE_WORDS.isdisjoint(words):
        return False
    return bool(
        _PROMPT_START.match(lower)
        or _PROMPT_ANY.search(lower)
        or _is_pitch(lower)
        or _PROMO_LINE.match(text)
    )


# Newsroom credits at the foot of a story: who else reported, wrote or edited it.
_CREDIT_LINE = re.compile(
    r"""^\W*(?:
      (?:additional\ )?reporting\ by\b | (?:writing|editing|edited|compiled)\ by\b
    | [^.]{0,200}\bcontributed\ (?:to\ this\ (?:report|story|article)|(?:additional\ )?reporting)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT_CHARS = 300


def is_credit_line(text: str) -> bool:
    """A credit such as "Jane Doe contributed to this report." or "(Reporting by ...)"."""
    return len(text) <= _CREDIT_CHARS and bool(_CREDIT_LINE.match(text))


# A caption ends with the picture's credit in brackets: "... on Monday. (Photo: Getty Images)".
_CAPTION_CREDIT = re.compile(
    r"\((?:(?:ap|afp|reuters|getty)\s+)?(?:photo(?:graph)?|image|picture|credit|illustration)s?"
    r"(?:\s+credit)?\s*[:/][^()]{1,100}\)\s*$",
    re.IGNORECASE,
)
_CAPTION_CHARS = 500
# A layout table of one picture and its caption is a caption too.
_CAPTION_KINDS = (BlockKind.PARAGRAPH, BlockKind.TABLE)


def is_credited_caption(text: str) -> bool:
    return len(text) <= _CAPTION_CHARS and text.endswith(")") and bool(_CAPTION_CREDIT.search(text))


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Datelines and bylines printed above the body: "5:45 AM PST 11/19/2019 by Jane Doe",
# "November 20, 2019 - 11:28 GMT", "Updated: Tue 3 March 2020". Every token must be
# part of a date or time, one of a few words, or the name after "by".
_MONTH_WORDS = _wordset(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december"""
)
_DATELINE_WORDS = _MONTH_WORDS | _wordset(
    """mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday
    saturday sunday am pm a m p updated published posted last modified on at first"""
)
_DATELINE_TOKEN = re.compile(r"[^\W_]+")
_BYLINE_TAIL = re.compile(r"\s(?:by|By|BY)\s+((?:[A-Z][\w'’.-]*\s*){1,4})$")
_DATE_NUMBER = re.compile(r"\b(?:1[6-9]|20)\d\d\b|\b\d{1,2}:\d\d\b")
_DATELINE_CHARS = 100


def is_dateline(text: str) -> bool:
    """True for a short line that only gives the story's date (and perhaps its author)."""
    if len(text) > _DATELINE_CHARS or not _DATE_NUMBER.search(text):
        return False
    byline = _BYLINE_TAIL.search(text)
    if byline:
        text = text[: byline.start()]
    for token in _DATELINE_TOKEN.findall(text):
        if token.isdigit() or token.lower() in _DATELINE_WORDS:
            continue
        if token[:-2].isdigit() and token[-2:].lower() in ("st", "nd", "rd", "th"):
            continue  # 20th
        if token.isupper() and 2 <= len(token) <= 4:
            continue  # a zone: GMT, PST, AMT, CEST
        return False
    return True


_TWEET_BUTTON = re.compile(r"\s*\bclick\s+to\s+tweet\s*$", re.IGNORECASE)
_TWEET_BUTTON_HTML = re.compile(r"\s*\bclick\s+to\s+tweet\s*(?=(?:</a>)?\s*</\w+>$)", re.IGNORECASE)


def _without_tweet_button(block: Block) -> Block:
    return replace(
        block,
        text=_TWEET_BUTTON.sub("", block.text),
        html=_TWEET_BUTTON_HTML.sub("", block.html, count=1),
    )


def caption_key(text: str) -> str:
    """A line's words, lower-cased: how a caption is matched to an image's alt text."""
    return " ".join(_WORD.findall(text.lower()))


def is_promo_heading(text: str) -> bool:
    return len(text) <= 80 and bool(_PROMO_HEADING.fullmatch(text))


def _same_words(a: str, b: str) -> bool:
    return _WORD.findall(a.lower()) == _WORD.findall(b.lower())


def _as_caption(block: Block, kept: list[Block]) -> None:
    """Keep a caption in the reading HTML, inside its figure, but out of the text."""
    if block.kind is BlockKind.TABLE:  # a layout table: its text, not its cells
        caption = f"<figcaption>{html_lib.escape(block.text, quote=False)}</figcaption>"
    else:
        caption = f"<figcaption>{block.text and block.html}</figcaption>"
    for prefix in ("<p>", "<h1>", "<h2>", "<h3>", "<h4>", "<h5>", "<h6>", "<li>"):
        if block.html.startswith(prefix):
            inner = block.html[len(prefix) : -len(prefix) - 1]
            caption = f"<figcaption>{inner}</figcaption>"
            break
    if kept and kept[-1].kind is BlockKind.FIGURE and "<figcaption>" not in kept[-1].html:
        figure = kept.pop()
        kept.append(
            Block(BlockKind.FIGURE, figure.html.replace("</figure>", caption + "</figure>"), "")
        )
    else:
        kept.append(Block(BlockKind.FIGURE, f"<figure>{caption}</figure>", ""))


def _link_list_items(blocks: Sequence[Block]) -> set[int]:
    """Indexes of items in runs of 3+ short list items that are nearly all link text."""
    drop: set[int] = set()
    run: list[int] = []
    for index, block in enumerate([*blocks, None]):
        linky = (
            block is not None
            and block.kind is BlockKind.ITEM
            and 0 < len(block.text) <= 150
            and block.link_text_chars >= 0.8 * len(block.text)
        )
        if linky:
            run.append(index)
            continue
        if len(run) >= 3:
            drop.update(run)
        run = []
    return drop


# Credit lines are looked for among the last blocks only; datelines before the
# first block this long (prose, not a heading or a date).
_TAIL_BLOCKS = 3
_HEAD_PROSE_CHARS = 120

# Standfirsts (deks): the sentence or two under the headline that sums the story up.
# A heading above the first text is one when it reads as a sentence: long enough to
# say something (a kicker is a word or three, "Opinion", "GIRLS BASKETBALL"), or
# ending as a sentence does. The headline itself, however worded, shares most of its
# words with the title; an h1 there is the headline too.
_STANDFIRST_WORDS = 8
_SENTENCE_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_HEADLINE_SHARE = 0.6  # of a heading's words found in the title: the headline reworded
_TITLE_SHARE = 0.8  # of the title's words found in a heading: the headline lengthened


def headline_like(text: str, title: str | None) -> bool:
    """Whether a heading repeats the title, reworded, cut or lengthened.

    "Julian Assange: Sweden drops rape investigation" for the title "Sweden drops
    Assange rape investigation"; a site's title tag often holds a shorter headline.
    """
    words = set(_WORD.findall(text.lower()))
    title_words = set(_WORD.findall(title.lower())) if title else set()
    if not words or not title_words:
        return False
    shared = len(words & title_words)
    return shared >= _HEADLINE_SHARE * len(words) or (
        len(title_words) >= _SENTENCE_WORDS and shared >= _TITLE_SHARE * len(title_words)
    )


def is_standfirst(
    text: str,
    *,
    level: int = 2,
    title: str | None = None,
    marked: frozenset[str] | Callable[[], frozenset[str]] = frozenset(),
) -> bool:
    """Whether a heading above the first paragraph is the story's standfirst, not a headline or kicker.

    ``marked`` holds :func:`caption_key` keys of text the page itself names a
    standfirst (a class such as "dek" or "standfirst", itemprop="description",
    the meta description), or a function giving them, called only when the
    heading's own wording cannot tell; ``level`` is the heading's level.
    """
    if headline_like(text, title):
        return False
    if level != 1:
        words = len(_WORD.findall(text))
        if words >= _STANDFIRST_WORDS or (words >= _SENTENCE_WORDS and _SENTENCE_END.search(text)):
            return True
    keys = marked() if callable(marked) else marked
    return bool(keys) and caption_key(text) in keys


def split_standfirst(
    blocks: list[Block], lifted: frozenset[str]
) -> tuple[list[Block], list[Block]]:
    """(standfirst, body): the blocks of text above the story that sum it up, and the rest.

    Run on what :func:`filter_blocks` kept: a heading still above the first
    paragraph passed :func:`is_standfirst`; ``lifted`` holds the keys of texts
    the page set in the article's header as its standfirst. Pictures above the
    standfirst stay with the body.
    """
    standfirst: list[Block] = []
    body: list[Block] = []  # the pictures met before the story's first text
    for i, block in enumerate(blocks):
        if not block.text:
            body.append(block)
        elif block.kind is BlockKind.HEADING or (lifted and caption_key(block.text) in lifted):
            standfirst.append(block)
        else:
            return standfirst, body + blocks[i:]
    return standfirst, body


def filter_blocks(
    blocks: Sequence[Block],
    *,
    title: str | None = None,
    site_lines: frozenset[str] = frozenset(),
    captions: str = "",
    alt_texts: frozenset[str] = frozenset(),
    standfirsts: frozenset[str] | Callable[[], frozenset[str]] = frozenset(),
) -> list[Block]:
    """Blocks left after the chrome rules; order is kept.

    ``captions`` is the text of the page's figure captions and photo credits,
    joined; blocks found in it go into the HTML as captions, not into the text,
    and so do blocks that repeat an image's alt text (``alt_texts``, keys made
    by :func:`caption_key`): a caption printed under a picture in a plain span.
    ``standfirsts`` are keys of text the page marks as its standfirst (see
    :func:`is_standfirst`).
    """
    kept: list[Block] = []
    in_promo = False
    leading = True  # until the first block of text that is not a heading
    in_head = True  # until the first paragraph of prose
    tail = len(blocks) - _TAIL_BLOCKS
    link_lists = _link_list_items(blocks)
    for index, block in enumerate(blocks):
        text = block.text
        if index in link_lists:
            continue  # a list of headlines pointing elsewhere: "more stories"
        if text and (
            (captions and block.kind is not BlockKind.TABLE and text in captions)
            or (block.kind in _CAPTION_KINDS and is_credited_caption(text))
            or (alt_texts and len(text) <= _CAPTION_CHARS and caption_key(text) in alt_texts)
        ):
            _as_caption(block, kept)
            continue
        if leading and text:
            if block.kind is BlockKind.HEADING:
                # Headings above the first text: the headline (often worded unlike the
                # title the metadata gives) and kickers are fields, not body; the
                # standfirst is the story's own summary, which readers keep.
                if not is_standfirst(text, level=block.level, title=title, marked=standfirsts):
                    continue
            else:
                leading = False
        if in_head and text:
            if is_dateline(text):
                continue  # the date is a field of its own (and so is the author)
            in_head = len(text) < _HEAD_PROSE_CHARS
        if index >= tail and is_credit_line(text):
            continue
        if in_promo:
            # A promo list ends at the first block that reads like content; images
            # inside it (text-less blocks) are its thumbnails and go with it.
            short_link_line = len(text) <= 160 and block.link_text_chars >= 0.5 * len(text)
            if block.kind is BlockKind.ITEM or short_link_line:
                continue
            in_promo = False
        if block.kind is BlockKind.FIGURE or not text:
            kept.append(block)
            continue
        if is_promo_heading(text):
            in_promo = True
            continue
        if (
            title
            and index < 3
            and block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH)
            and _same_words(text, title)
        ):
            continue  # the headline is a field of its own, not body text
        if text.endswith(("weet", "WEET")) and _TWEET_BUTTON.search(text):
            # A "Click to tweet" box: the quote is the article's, the button is not.
            block = _without_tweet_button(block)
            text = block.text
            if not text:
                continue
        if is_prompt(text):
            continue
        if site_lines and fingerprint(text) in site_lines:
            continue
        if "\n" in text:
            # A block broken into lines (<br>) can hide a credit or prompt line;
            # the text loses it, the HTML keeps the block as the page had it.
            lines = [ln for ln in text.split("\n") if not is_prompt(ln)]
            if not lines:
                continue
            if len(lines) < text.count("\n") + 1:
                block = replace(block, text="\n".join(lines))
        kept.append(block)
    return kept


def clean_text(text: str, *, site_lines: frozenset[str] = frozenset()) -> str:
    """The same rules for a plain-text document: paragraphs are split on blank lines."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    kept: list[str] = []
    in_promo = False
    for paragraph in paragraphs:
        lines = [ln for ln in paragraph.split("\n") if ln.strip()]
        out_lines = []
        for line in lines:
            stripped = line.strip()
            if in_promo and len(stripped) <= 160 and stripped[:1] in "-*•·":
                continue
            in_promo = False
            if is_promo_heading(stripped):
                in_promo = True
                continue
            if is_prompt(stripped) or (site_lines and fingerprint(stripped) in site_lines):
                continue
            out_lines.append(line)
        if out_lines:
            kept.append("\n".join(out_lines))
    return "\n\n".join(kept)


def learn_site_lines(
    documents: Iterable[str], *, min_pages: int = 3, min_share: float = 0.3
) -> frozenset[str]:
    """Fingerprints of lines that recur on many pages of one site.

    ``documents`` are plain texts of pages already fetched from one site. A
    line counts once per page; it is boilerplate when it appears on at least
    ``min_pages`` pages and on at least ``min_share`` of them. Very short lines
    (under three words) are ignored: "Photo" or "Reuters" recur legitimately.
    """
    counts: Counter[str] = Counter()
    pages = 0
    for doc in documents:
        pages += 1
        seen = {
            fingerprint(line) for line in re.split(r"\n+", doc) if len(_WORD.findall(line)) >= 3
        }
        counts.update(seen)
    if pages == 0:
        return frozenset()
    need = max(min_pages, int(min_share * pages + 0.999))
    return frozenset(key for key, n in counts.items() if n >= need)
