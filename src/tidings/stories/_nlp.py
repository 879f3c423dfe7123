"""Small text helpers shared by summaries, perspectives and storylines.

Sentences, content words, capitalised-phrase entities with a heuristic type,
and quantities with a unit and the words around them. Pure Python, English
only, no model: good enough to compare sources of one story, where the same
names and figures recur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tidings.stories.text import STOPWORDS, stem

# Word lists are written as one string (a call keeps ruff from exploding "".split()).
_split = str.split

_ABBREV = re.compile(
    r"\b(Dr|Mr|Mrs|Ms|Prof|St|Gen|Sen|Rep|Gov|Inc|Ltd|Co|Corp|Jr|Sr|No|vs|etc|a\.m|p\.m|U\.S|e\.g|i\.e)\.",
    re.IGNORECASE,
)
_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9$£€])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")

EXTRA_STOP = frozenset(
    _split(
        """
    said says say told according would could also new one two three first last year
    years week weeks month months day days time times percent per about more than after
    before since while still just like there their they them this that these those which
    what when where who whom whose will can may might must should been being have has
    had were was are is
    """
    )
)


def sentences(text: str) -> list[str]:
    """Sentences of ``text`` (paragraph breaks always end one)."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\x00"), para)
        for s in _SENT_SPLIT.split(protected):
            s = s.replace("\x00", ".").strip()
            if s:
                out.append(s)
    return out


def content_stems(text: str) -> set[str]:
    """Stemmed content words (no stopwords, no numbers), lower case."""
    out = set()
    for w in _WORD.findall(text):
        low = w.lower().strip("'’-")
        if len(low) < 3 or low[0].isdigit() or low in STOPWORDS or low in EXTRA_STOP:
            continue
        out.add(stem(low))
    return out


def overlap(a: set[str], b: set[str]) -> float:
    """Overlap coefficient: shared / size of the smaller set."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# --- entities --------------------------------------------------------------------------

PERSON_TITLES = frozenset(
    _split(
        """
    dr mr mrs ms prof professor president minister administrator chief executive ceo
    director manager councillor senator governor mayor judge captain commander astronaut
    analyst engineer researcher scientist spokesperson spokesman spokeswoman member
    leader host welder officer secretary chair chairman chairwoman founder king queen
    prince princess pope
    """
    )
)
ORG_WORDS = frozenset(
    _split(
        """
    agency orbital aerospace labs lab institute council company corp corporation inc ltd
    group bank university ministry committee board service services wire news times
    gazette courier party parliament government department office association union
    league club foundation authority centre center commission court police army navy
    systems technologies industries airlines partners fund trust hospital school college
    station tv radio press media nasa roscosmos spacex tesla
    """
    )
)
PLACE_WORDS = frozenset(
    _split(
        """
    river valley city county town village street road bridge lake sea ocean bay harbour
    harbor port island mountain mountains hills shelf coast district province state
    republic kingdom row lock docks park square
    """
    )
)
PLACE_LEADS = frozenset(
    {
        "port",
        "lake",
        "mount",
        "fort",
        "cape",
        "saint",
        "st",
        "north",
        "south",
        "east",
        "west",
        "new",
    }
)
PLACE_PREPS = frozenset({"in", "at", "near", "from", "to", "across", "outside", "around"})
_NOT_NAMES = frozenset(
    _split(
        """
    The A An In On At For But And Or If When While After Before This That These Those It
    Its He She They We I You Our Your His Her Their There Here Under Over Some Many Most
    Other Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Chapters Today
    Yesterday Now Then Next Last Why How What Which Who Where Each Every No Not Nor Yes
    Also Even Only Just Still So As By Of With Without From To Into Up Down Out Off One
    Two Three Four Five Six Seven Eight Nine Ten Look Listen Welcome Finally Meanwhile
    However Later Earlier Mr Mrs Ms Dr Prof
    """
    )
)
_CAP_TOKEN = re.compile(r"[A-Z][A-Za-z'’.-]*[A-Za-z]|[A-Z]")
_TOKEN_OR_PUNCT = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*|[^\sA-Za-z\d]")


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    kind: str  # "person", "organisation", "place" or "other"


def _strip_possessive(tok: str) -> str:
    return re.sub(r"['’]s$", "", tok)


def entities(text: str) -> list[Entity]:
    """Capitalised phrases of running text, typed by the words in and around them.

    A phrase opening a sentence counts only if it has two or more words or is
    not a common sentence opener. Types: a title before it (``administrator
    Miriam Sato``, ``Dr.``) or a following ``said`` makes a person; an
    organisation word inside (``Agency``, ``Labs``) an organisation; a place
    word inside (``River``) or a preposition before a one-word name a place.
    Two-word phrases of plain capitalised words default to person.
    """
    out: list[Entity] = []
    initial: list[Entity] = []  # one-word names opening a sentence: kept if seen elsewhere
    for sent in sentences(text):
        toks = _TOKEN_OR_PUNCT.findall(sent)
        # Headline-like sentences in Title Case say nothing about names.
        alpha = [t for t in toks if t[0].isalpha() and t.lower() not in STOPWORDS]
        if len(alpha) >= 4 and sum(t[0].isupper() for t in alpha) / len(alpha) > 0.7:
            continue
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not (tok[0].isupper() and tok[0].isalpha()):
                i += 1
                continue
            j = i
            phrase = []
            while j < len(toks) and toks[j][0].isupper() and toks[j][0].isalpha():
                if re.search(r"-[a-z]", toks[j]):
                    break  # "Calder-built" describes, it is not part of a name
                phrase.append(toks[j])
                j += 1
                # "Bank of England", "University of Calder": one lowercase 'of' inside.
                if (
                    j + 1 < len(toks)
                    and toks[j] == "of"
                    and toks[j + 1][0].isupper()
                    and phrase[-1].lower() in ORG_WORDS | PLACE_WORDS
                ):
                    phrase.append("of")
                    j += 1
            while phrase and _strip_possessive(phrase[0]).rstrip(".") in _NOT_NAMES:
                phrase.pop(0)
            if i == 0 and len(phrase) > 1 and phrase[0].lower().endswith("ing"):
                phrase.pop(0)  # "Engineering Waypoint for ...": a sentence opening with a gerund
            while phrase and (_strip_possessive(phrase[-1]) in _NOT_NAMES or phrase[-1] == "of"):
                phrase.pop()
            if phrase:
                start = j - len(phrase)
                prev = toks[start - 1].lower().rstrip(".") if start > 0 else ""
                nxt_tok = toks[j] if j < len(toks) else ""
                if start == 0 and len(phrase) == 1 and phrase[0].lower() in STOPWORDS:
                    pass
                elif start == 0 and nxt_tok == "(" and all(t.isupper() for t in phrase):
                    out.append(
                        Entity(" ".join(phrase).title(), "place")
                    )  # a dateline: "ARLEN (Wire) -"
                else:
                    name = " ".join(_strip_possessive(t) for t in phrase)
                    nxt = toks[j].lower() if j < len(toks) else ""
                    if len(phrase) > 1 and phrase[0].lower().rstrip(".") in PERSON_TITLES:
                        prev = phrase[0].lower().rstrip(".")
                        phrase = phrase[1:]
                        name = " ".join(_strip_possessive(t) for t in phrase)
                    words = [_strip_possessive(t).lower().rstrip(".") for t in phrase]
                    kind = "other"
                    if words[0] in PLACE_LEADS and len(words) > 1:
                        kind = "place"
                    elif any(w in ORG_WORDS for w in words) or (
                        len(name) > 1 and name.isupper() and len(name) <= 6
                    ):
                        kind = "organisation"
                    elif any(w in PLACE_WORDS for w in words[1:]) or words[-1] in PLACE_WORDS:
                        kind = "place"
                    elif (
                        prev in PERSON_TITLES
                        or (nxt == "said" and len(phrase) >= 2)
                        or (
                            len(phrase) in (2, 3)
                            and all(
                                t[0].isupper() and t[1:].islower() for t in phrase if len(t) > 1
                            )
                        )
                    ):
                        kind = "person"
                    elif prev in PLACE_PREPS and len(phrase) <= 2:
                        kind = "place"
                    (initial if start == 0 and len(phrase) == 1 else out).append(Entity(name, kind))
            i = max(j, i + 1)
    seen = {e.name for e in out}
    return out + [e for e in initial if e.name in seen]


def people(text: str) -> set[str]:
    return {e.name for e in entities(text) if e.kind == "person"}


# --- quantities ------------------------------------------------------------------------

_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_UNITS = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "km": "km",
    "kilometres": "km",
    "kilometers": "km",
    "kilometre": "km",
    "m": "m",
    "metres": "m",
    "meters": "m",
    "metre": "m",
    "cm": "cm",
    "centimetres": "cm",
    "degrees": "degrees",
    "degree": "degrees",
    "hours": "hours",
    "hour": "hours",
    "minutes": "minutes",
    "days": "days",
    "weeks": "weeks",
    "months": "months",
    "years": "years",
}
_QUANTITY = re.compile(
    r"(?P<cur>[$£€])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|k|m|b)\b)?"
    r"(?:\s?(?P<unit>%|per cent|percent|km|kilometres|kilometers|kilometre|metres|meters|metre|cm|centimetres|degrees|degree|hours|hour|minutes|days|weeks|months|years)\b)?",
    re.IGNORECASE,
)
CONTEXT_WORDS = 8
# Words that name the same thing around a figure ("1,200 jobs" ~ "employ 1,200 people").
_SYNONYMS = {
    "employ": "job", "employed": "job", "employment": "job", "worker": "job", "staff": "job",
    "hire": "job", "job": "job", "jobs": "job",
    "contract": "deal", "agreement": "deal", "deal": "deal",
    "evacuee": "evacuat", "evacuated": "evacuat", "evacuation": "evacuat", "evacuate": "evacuat",
    "dead": "death", "killed": "death", "died": "death", "death": "death",
    "customer": "home", "household": "home", "home": "home",
    "power": "electricity", "electricity": "electricity",
}  # fmt: skip
_RANGE_AFTER = re.compile(r"^\s*(?:(?:to|and|or)\s+|[-–]\s*)[$£€]?\d", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d[\d,.]*\s*(?:[a-z]+\s+)?(?:to|and|or|[-–])\s*[$£€]?$", re.IGNORECASE)


def _synonym(word: str) -> str:
    return _SYNONYMS.get(word, word)


def _range_around(sentence: str, start: int, end: int) -> bool:
    """Whether the figure is one end of a range ("between 350 and 450", "30 to 80")."""
    return bool(
        _RANGE_AFTER.match(sentence[end:])
        or _RANGE_BEFORE.search(sentence[max(0, start - 30) : start])
    )


_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # "money:$", "percent", "km", ... or "count"
    text: str  # as written
    context: frozenset[str]  # content stems around it
    head: str  # first content stem after it ("" if none)
    sentence: str
    in_range: bool = False  # one end of "between 350 and 450", "30 to 80"


def quantities(sentence: str) -> list[Quantity]:
    """Numbers with a unit in one sentence; years, times of day and ordinals are left out."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(sentence):
        num = m.group("num")
        start, end = m.start("cur") if m.group("cur") else m.start("num"), m.end()
        if m.group(0)[-1:] == " ":
            end -= 1
        before = sentence[max(0, start - 1) : start]
        after = sentence[end : end + 2]
        if before and (before.isalnum() or before in "-:/"):
            continue  # part of a code (CVE-2026-1184), a time (06:12), a range tail
        if after[:1] in (":",) or re.match(r"(st|nd|rd|th)\b", sentence[end : end + 3]):
            continue
        if not m.group("cur") and not m.group("unit") and not m.group("scale") and _YEAR.match(num):
            continue
        if re.match(r"\s?(a\.m|p\.m)", sentence[end : end + 5]):
            continue
        value = float(num.replace(",", ""))
        scale = (m.group("scale") or "").lower()
        if scale == "m" and not m.group("cur"):
            scale, unit = "", "m"  # "6.1 m" is metres unless it is money
        else:
            unit = _UNITS.get((m.group("unit") or "").lower(), "count")
        value *= _SCALE.get(scale, 1.0)
        if m.group("cur"):
            unit = "money:" + m.group("cur")
        words_before = _WORD.findall(sentence[:start].split(",")[-1])[-CONTEXT_WORDS:]
        words_after = _WORD.findall(sentence[end:])[:CONTEXT_WORDS]
        after_words = [w for w in words_after if w.lower() not in STOPWORDS and not w[0].isdigit()]
        head = _synonym(stem(after_words[0].lower())) if after_words else ""
        ctx = {_synonym(w) for w in content_stems(" ".join(words_before + words_after))}
        text = sentence[start:end].strip()
        ranged = _range_around(sentence, start, end)
        out.append(Quantity(value, unit, text, frozenset(ctx), head, sentence, ranged))
    return out


QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")


def quotes(sentence: str) -> list[str]:
    return [q.strip() for q in QUOTE.findall(sentence)]


def key_entities(texts: list[str]) -> dict[str, list[tuple[str, int]]]:
    """The names in ``texts`` by kind, most mentioned first, with mention counts.

    Short forms are folded into the long form they belong to: ``Lindahl`` into
    ``Cora Lindahl``, ``Kestrel`` into ``Kestrel Orbital``, which also gives a
    one-word name the type of its long form.
    """
    counts: dict[str, int] = {}
    kinds: dict[str, dict[str, int]] = {}
    for text in texts:
        for e in entities(text):
            counts[e.name] = counts.get(e.name, 0) + 1
            kinds.setdefault(e.name, {}).setdefault(e.kind, 0)
            kinds[e.name][e.kind] += 1
    longs = sorted((n for n in counts if " " in n), key=lambda n: -counts[n])
    fold: dict[str, str] = {}
    for name in counts:
        if " " in name:
            continue
        for long in longs:
            parts = long.split()
            kind = max(kinds[long], key=kinds[long].get)
            if (kind == "person" and parts[-1] == name) or (kind != "person" and parts[0] == name):
                fold[name] = long
                break
    merged: dict[str, int] = {}
    for name, c in counts.items():
        target = fold.get(name, name)
        merged[target] = merged.get(target, 0) + c
    out: dict[str, list[tuple[str, int]]] = {
        "person": [],
        "organisation": [],
        "place": [],
        "other": [],
    }
    for name, c in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0])):
        ks = kinds[name]
        kind = max(ks, key=lambda k: (ks[k] if k != "other" else 0, k != "other"))
        out[kind].append((name, c))
    return out
