"""Recognise the short lines around a headline: bylines, publishers, dates, app chrome.

Pure functions over one line of text each. Used by
:mod:`tidings.content.plaintext` on documents copied out of news apps, where
the headline, the author, the publisher and the date are separate lines with
the app's own menus and buttons around them.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from .extract.boilerplate import is_promo_heading, is_prompt
from .extract.metadata import parse_date

_SEPARATORS = re.compile(r"\s+(?:[·•|—–]|-{1,2})\s+|\s*[·•|]\s*")
_BY = re.compile(
    r"^(?:(?:story|words|written|reporting|text|report|analysis|photos?)\s+)?"
    r"(?:by|von|par|por|door)\s*:?\s+(.+)$",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zà-ÿ]+(?:[-'’][A-Z]?[a-zà-ÿ]+)*|[A-Z]\.|O’\w+|O'\w+)$")
_NAME_PARTICLES = frozenset(
    ["van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "al"]
)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that make a short capitalised line a publication rather than a person.
_PUBLISHER_WORDS = _wordset(
    """news times post press journal herald tribune guardian telegraph daily weekly street
    wire media network radio tv magazine review gazette observer chronicle independent
    reuters bloomberg associated bbc cnn npr ap afp insider today week standard mail express
    star sun mirror economist atlantic verge wired register report world digital online
    monitor inquirer globe examiner dispatch courier bulletin sentinel record times-picayune
    politico axios vox intercept nation republic spectator financial business fortune forbes
    gizmodo engadget techcrunch mashable slate salon quartz caixin nikkei yonhap kyodo xinhua
    tass aljazeera jazeera euronews france24 dw spiegel zeit monde figaro lemonde pais
    corriere repubblica asahi yomiuri hindu hindustan dawn scmp"""
)
# Menus, sections and buttons of news apps: a line made only of these is chrome.
_CHROME_WORDS = _wordset(
    """home for you following follow top stories story headlines latest trending popular
    sign in up log out login logout register account profile settings menu search open app
    start reading read listen watch share save saved bookmark like likes comment comments
    reply more less back close next previous sections section news feed newsstand library
    explore discover subscribe subscribed subscription premium free trial get the a an in
    on to of now all your this my notifications alerts edit copy link print report translate
    world business sport sports tech technology science health politics opinion culture
    entertainment lifestyle travel weather local national video videos podcast podcasts live
    audio photos magazine newsletter newsletters view original article full coverage source
    sources related see also continue forward reshare repost retweet min mins minute minutes
    hour hours ago and or with by via one app apps ad ads advertisement sponsored"""
)
_COUNT_LINE = re.compile(
    r"^(?:(?:\d[\d.,]*\s*[kmKM]?|[a-zA-Z]+)\s*(?:likes?|comments?|shares?|views?|reactions?|"
    r"reposts?|retweets?|saves?|claps?|replies)\s*[·•|,]?\s*)+$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\d[\d.,]*[km]?$")
_RELATIVE_DATE = re.compile(
    r"^(?:(?:updated|published|posted|edited)\s+)?(?:about\s+)?(?:"
    r"\d+\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|weeks?|"
    r"mo|months?|y|yr|years?)\s*ago|\d+\s*(?:s|m|h|d|w)|just\s+now|yesterday|today|an?\s+"
    r"(?:minute|hour|day|week|month|year)\s+ago)\s*\.?$",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(
    r"^(?:first\s+)?(?:published|updated|last\s+(?:updated|modified)|modified|posted|date|dated|"
    r"veröffentlicht|publié|publicado)\s*(?:on|at|:)?\s*",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified|edited)\b", re.IGNORECASE)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ABSOLUTE_DATE = re.compile(
    rf"""^(?:\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]m)?(?:\s*[A-Z]{{2,4}})?,?\s+)?
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:
        \d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}
      | {_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      | \d{{4}}-\d{{2}}-\d{{2}}(?:[T\s]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | \d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}
    )(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}}|\s*[+-]\d{{2}}:?\d{{2}})?)?
    \s*\.?$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class LineMeta:
    """What one metadata line says. ``dated`` is True for a date even when it is relative."""

    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: datetime | None = None
    dated: bool = False
    updated: datetime | None = None  # "Updated ...", "Last modified ...": a date, not the date

    def merged(self, other: LineMeta) -> LineMeta:
        return LineMeta(
            self.authors or other.authors,
            self.publisher or other.publisher,
            self.published or other.published,
            self.dated or other.dated,
            self.updated or other.updated,
        )


def _words(line: str) -> list[str]:
    return line.split()


def parse_date_text(value: str) -> datetime | None:
    """An absolute date written in a line ("Published 3 March 2022", "2022-03-03 14:05")."""
    value = _DATE_PREFIX.sub("", value.strip()).strip(" .")
    if not _ABSOLUTE_DATE.match(value):
        return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value).replace(" at ", " ")
    cleaned = re.sub(r"\b(\d{1,2})\.(\d{2})\b(?![./]\d)", r"\1:\2", cleaned)  # 09.30 BST
    if re.match(r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}", cleaned):
        from dateutil import parser as dateutil_parser

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # 03/04/2022 is read day first, as most of the world writes it.
                parsed = dateutil_parser.parse(cleaned, dayfirst=True)
        except (ValueError, OverflowError, TypeError):
            return None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        parsed = parsed.astimezone(UTC)
    else:
        found = parse_date(cleaned)  # knows zone names such as EST and BST
        if found is None:
            return None
        parsed = found
    return parsed if 1990 <= parsed.year <= 2100 else None


def is_date_line(line: str) -> bool:
    value = _DATE_PREFIX.sub("", line.strip()).strip(" .")
    return bool(_RELATIVE_DATE.match(line.strip()) or _RELATIVE_DATE.match(value)) or bool(
        _ABSOLUTE_DATE.match(value)
    )


def is_person_name(text: str) -> bool:
    """Two to four capitalised words, initials or particles ("Jane van der Berg", "J. Smith")."""
    words = _words(text.strip().strip(","))
    if not 2 <= len(words) <= 5:
        return False
    lowered = {w.lower().strip(".,") for w in words}
    if lowered & _PUBLISHER_WORDS or lowered <= _CHROME_WORDS or words[0].lower() == "the":
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(word):
            return False
        capitalised += 1
    return capitalised >= 2


def is_publisher_name(text: str) -> bool:
    """A short capitalised name that reads as a publication ("The Street", "Reuters", "BBC News")."""
    text = text.strip()
    words = _words(text)
    if not 1 <= len(words) <= 6 or len(text) > 60 or text[-1:] in ".!?:,":
        return False
    if not text[:1].isupper() and not text[:1].isdigit():
        return False
    lowered = [w.lower().strip(".,'’") for w in words]
    if all(w in _CHROME_WORDS for w in lowered) and lowered[0] != "the":
        return False
    if any(re.search(r"\.(?:com|org|net|co|io|news)\b", w) for w in lowered):
        return True
    if any(w in _PUBLISHER_WORDS for w in lowered):
        return True
    if words[0] == "The" and len(words) >= 2 and all(w[:1].isupper() for w in words[1:]):
        return True
    return len(words) == 1 and (text.isupper() and len(text) >= 2)  # "AFP", "CNBC"


def split_authors(text: str) -> tuple[str, ...]:
    names = [n.strip(" .") for n in _AUTHOR_SPLIT.split(text) if n.strip(" .")]
    return tuple(n for n in names if n)


def parse_meta_line(line: str) -> LineMeta | None:
    """The byline, publisher and date a line states, or None when it is something else.

    Recognised: "By Jane Doe", "By Jane Doe and Li Wei, Reuters", "Jane Doe · Reuters",
    "Story by Jane Doe • 2h", "Published 3 March 2022", "Updated 2h ago", "· 3h ago",
    "Reuters | 3 Mar 2022". Every part of the line must be recognised.
    """
    text = line.strip().strip("·•|").strip()
    if not text or len(text) > 160:
        return None
    meta = LineMeta()
    parts = [p.strip() for p in _SEPARATORS.split(text) if p and p.strip()]
    by_seen = False
    for part in parts:
        found = _parse_part(part, by_seen or len(parts) > 1)
        if found is None:
            return None
        by_seen = by_seen or bool(found.authors)
        meta = meta.merged(found)
    return meta


def _parse_part(part: str, in_byline: bool) -> LineMeta | None:
    if _RELATIVE_DATE.match(part) or _RELATIVE_DATE.match(_DATE_PREFIX.sub("", part)):
        return LineMeta(dated=True)
    if is_date_line(part):
        when = parse_date_text(part)
        if _UPDATED.match(part):
            return LineMeta(dated=True, updated=when)
        return LineMeta(published=when, dated=True)
    by = _BY.match(part)
    if by:
        rest = by.group(1)
        # "By Jane Doe, Reuters" / "By Jane Doe, March 3, 2022"
        people: list[str] = []
        meta = LineMeta()
        for piece in re.split(r",\s+(?=[A-Z0-9])", rest):
            if is_date_line(piece):
                meta = meta.merged(LineMeta(published=parse_date_text(piece), dated=True))
            elif people and is_publisher_name(piece) and not is_person_name(piece):
                meta = meta.merged(LineMeta(publisher=piece))
            else:
                people.extend(n.title() if n.isupper() else n for n in split_authors(piece))
        if not people or any(len(p) > 60 for p in people):
            return None
        return LineMeta(tuple(people)).merged(meta)
    if is_publisher_name(part) and not is_person_name(part):
        return LineMeta(publisher=part)
    if in_byline and is_person_name(part):
        return LineMeta(authors=(part,))
    return None


def is_app_chrome(line: str) -> bool:
    """A line of a news app's interface: menus, buttons, counters, prompts, promo headings."""
    text = line.strip()
    if not text:
        return False
    if len(text) > 200:
        return False
    if _COUNT_LINE.match(text) or is_prompt(text) or is_promo_heading(text):
        return True
    lowered = [w.strip(".,!?:;'’()·•|").lower() for w in _words(text)]
    lowered = [w for w in lowered if w and not _NUMBER.match(w)]  # "Like 24 · Share"
    if lowered and len(lowered) <= 8 and all(w in _CHROME_WORDS for w in lowered):
        return True
    return bool(_APP_PITCH.search(text))


# App pitches that the generic prompt rules do not know.
_APP_PITCH = re.compile(
    r"\b(?:open|continue|read)\s+(?:it\s+)?in\s+(?:the\s+)?app\b"
    r"|\ball\s+your\s+news\s+in\s+one\s+place\b|\bpremium\s+titles\b"
    r"|\bnews\s+from\s+(?:\d+|hundreds|thousands)\S*\s+(?:of\s+)?(?:titles|sources|sites|publishers)"
    r"|\b(?:one|a)\s+subscription\b.{0,60}\b(?:access|news|titles|sites)\b"
    r"|\bcurated\s+(?:specifically\s+)?for\s+you\b|\bdownload\s+the\s+\w+\s+app\b"
    r"|\bview\s+(?:the\s+)?original\s+(?:article|story)\b|\bsee\s+full\s+coverage\b"
    r"|\bmore\s+(?:stories\s+)?from\s+this\s+(?:source|publisher)\b|\bshow\s+more\s+like\s+this\b"
    r"|\bfewer\s+stories\s+like\s+this\b|\bhide\s+(?:all\s+)?stories\s+from\b"
    r"|\btap\s+to\s+(?:read|follow|open)\b|\bswipe\s+(?:up|left|right)\b",
    re.IGNORECASE,
)


_END_MARKER = re.compile(
    r"^\s*(?:more\s+for\s+you|sign\s+up\s+to\s+(?:keep\s+)?read(?:ing)?\b.*"
    r"|(?:read|see)\s+(?:the\s+)?(?:full|rest\s+of\s+the)\s+(?:article|story)\b.*"
    r"|(?:\d+\s+)?comments?|view\s+comments|join\s+the\s+conversation|about\s+the\s+author)\s*$",
    re.IGNORECASE,
)


def is_end_marker(line: str) -> bool:
    """A line after which an app or page shows no more of the article ("Related stories")."""
    text = line.strip()
    return len(text) <= 80 and (is_promo_heading(text) or bool(_END_MARKER.match(text)))
