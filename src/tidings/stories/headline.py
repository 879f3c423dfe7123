"""Headline style: a clickbait probability and the hooks a reader notices.

The probability comes from a logistic regression over a pruned vocabulary of
word and character n-grams, trained by ``bench/train_clickbait.py`` on the
"Stop Clickbait" headlines (Chakraborty et al., ASONAM 2016; MIT licence) and
shipped as ``models/clickbait.json.gz``. Scoring is a dictionary lookup per
feature in pure Python: a headline has ~100 features, so numpy would only add
conversion cost. The same :func:`clickbait_features` is used to train and to
score, so the two cannot drift apart.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tidings.errors import TidingsError

# Word lists are written as one string (a call keeps ruff from exploding "".split()).
_split = str.split

MODEL_FILE = "clickbait.json.gz"

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|[?!$%]")
_NUMBER_LEAD = re.compile(
    r"^\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\b",
    re.IGNORECASE,
)
_LIST_HOOK = re.compile(
    r"^\s*\d+\s+(?:\w+\s+){0,3}?(?:things|ways|reasons|signs|times|people|photos|pictures|facts|"
    r"tips|tricks|foods|gadgets|questions|celebrities|moments|secrets|habits|mistakes|products|"
    r"\w+s)\b",
    re.IGNORECASE,
)
_SUPERLATIVE_WORDS = frozenset(
    _split(
        """
    best worst biggest greatest most least smallest largest craziest weirdest cutest
    funniest scariest saddest happiest ultimate insane incredible unbelievable amazing
    shocking epic mind-blowing jaw-dropping stunning perfect literally everything
    """
    )
)
# -est words that are not superlatives.
_NOT_SUPERLATIVE = frozenset(
    _split(
        """
    best west east rest test nest guest quest interest forest chest contest protest
    honest modest request suggest invest harvest latest manifest arrest digest pest vest
    crest zest conquest inquest priest midwest northwest southwest northeast southeast
    unrest behest attest detest wrest lest jest fest
    """
    )
) - {"best"}
_HOOK_PHRASES = (
    "you won't believe",
    "you will never",
    "you need to",
    "you should",
    "this is why",
    "this is what",
    "here's why",
    "here is why",
    "here's what",
    "what happens next",
    "nobody is talking",
    "no one is talking",
    "will blow your mind",
    "will change everything",
    "change everything",
    "will make you",
    "can you guess",
    "the reason why",
    "(and why",
    "experts are",
    "one weird",
    "this one",
)
# A headline opening with one of these promises an answer, even without a "?".
_QUESTION_OPENERS = frozenset({"why", "how", "what", "which"})


@dataclass(frozen=True, slots=True)
class HeadlineStyle:
    """How a headline is written.

    ``clickbait`` is the model's probability (0-1) that the headline is
    clickbait; ``is_clickbait`` is it at the model's threshold. The other
    fields are the plain evidence a reader can check.
    """

    title: str
    clickbait: float
    is_clickbait: bool
    superlatives: tuple[str, ...]
    all_caps: tuple[str, ...]
    question: bool
    number_list: bool
    exclamation: bool
    hooks: tuple[str, ...]  # phrases that tease instead of telling ("nobody is talking about")

    @property
    def flags(self) -> tuple[str, ...]:
        """Short labels for display, most telling first."""
        out = []
        if self.is_clickbait:
            out.append(f"clickbait {self.clickbait:.0%}")
        if self.all_caps:
            out.append("ALL CAPS: " + " ".join(self.all_caps))
        if self.superlatives:
            out.append("superlatives: " + ", ".join(self.superlatives))
        if self.hooks:
            out.append("teaser: " + ", ".join(self.hooks))
        if self.number_list:
            out.append("number list")
        if self.question:
            out.append("question")
        if self.exclamation:
            out.append("exclamation")
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "clickbait": round(self.clickbait, 3),
            "is_clickbait": self.is_clickbait,
            "superlatives": list(self.superlatives),
            "all_caps": list(self.all_caps),
            "question": self.question,
            "number_list": self.number_list,
            "exclamation": self.exclamation,
            "hooks": list(self.hooks),
        }


# --- features (shared with bench/train_clickbait.py) ---------------------------------


def clickbait_features(title: str, config: dict[str, Any]) -> dict[str, float]:
    """Binary n-gram features of a headline, as the model was trained on them.

    ``config`` holds ``word_ngrams`` (max n of word n-grams), ``char_ngrams``
    (``[min, max]`` of character n-grams inside word boundaries) and
    ``shape`` (add shape features: leading number, all-caps words, ...).
    """
    low = title.lower().replace("’", "'")
    toks = _TOKEN.findall(low)
    out: dict[str, float] = {}
    max_n = int(config.get("word_ngrams", 2))
    padded = ["<s>", *toks, "</s>"]
    for n in range(1, max_n + 1):
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if n == 1 and gram[0] in ("<s>", "</s>"):
                continue
            out["w:" + " ".join(gram)] = 1.0
    lo, hi = config.get("char_ngrams", [3, 5])
    for tok in toks:
        t = f" {tok} "
        for n in range(lo, hi + 1):
            for i in range(len(t) - n + 1):
                out["c:" + t[i : i + n]] = 1.0
    if config.get("shape", True):
        raw = _TOKEN.findall(title)
        if _NUMBER_LEAD.match(title):
            out["s:number_lead"] = 1.0
        if any(len(t) > 2 and t.isupper() and t.isalpha() for t in raw):
            out["s:caps_word"] = 1.0
        words = [t for t in raw if t[0].isalpha()]
        if len(words) >= 3 and sum(t[0].isupper() for t in words) / len(words) > 0.8:
            out["s:title_case"] = 1.0
        out[f"s:len{min(len(toks) // 3, 6)}"] = 1.0
    n = len(out)
    if n:
        norm = 1.0 / math.sqrt(n)
        for k in out:
            out[k] = norm
    return out


@dataclass(frozen=True, slots=True)
class ClickbaitModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    config: dict[str, Any]
    meta: dict[str, Any]

    def probability(self, title: str) -> float:
        feats = clickbait_features(title, self.config)
        w = self.weights
        z = self.bias + sum(v * w.get(k, 0.0) for k, v in feats.items())
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClickbaitModel:
        try:
            return cls(
                weights={str(k): float(v) for k, v in data["weights"].items()},
                bias=float(data["bias"]),
                threshold=float(data.get("threshold", 0.5)),
                config=dict(data["features"]),
                meta={k: v for k, v in data.items() if k not in ("weights", "bias")},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TidingsError(
                f"The clickbait model file is not valid ({exc!r}); reinstall Tidings."
            ) from exc


@cache
def load_clickbait_model() -> ClickbaitModel:
    """The model shipped in ``tidings/stories/models/`` (read once per process)."""
    path = resources.files("tidings.stories").joinpath("models", MODEL_FILE)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TidingsError(
            f"The clickbait model {MODEL_FILE} is missing from the Tidings package: {exc}"
        ) from exc
    return ClickbaitModel.from_dict(json.loads(gzip.decompress(raw)))


# --- rules -----------------------------------------------------------------------------


def _is_superlative(low: str) -> bool:
    if low in _SUPERLATIVE_WORDS:
        return True
    if len(low) > 5 and low.endswith("iest"):
        return True
    return len(low) > 6 and low.endswith("est") and low not in _NOT_SUPERLATIVE


def _superlatives(tokens: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.lower() for t in tokens if _is_superlative(t.lower())))


_ACRONYMS = frozenset(
    _split(
        """
    NASA ESA CEO USA FBI CIA NATO CVE GDP NHS BBC CNN AI TV UK EU UN US
    """
    )
)


def _all_caps(tokens: list[str]) -> tuple[str, ...]:
    # Shouting is an ordinary word in capitals ("NOW", "INSANE"); acronyms are not.
    return tuple(
        t for t in tokens if len(t) >= 3 and t.isalpha() and t.isupper() and t not in _ACRONYMS
    )


def headline_style(title: str, model: ClickbaitModel | None = None) -> HeadlineStyle:
    """Describe how ``title`` is written (pure; the model is loaded once)."""
    model = model or load_clickbait_model()
    title = " ".join(title.split())
    tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*", title)
    low = title.lower().replace("’", "'")
    prob = model.probability(title) if title else 0.0
    first = tokens[0].lower() if tokens else ""
    question = title.rstrip().endswith("?") or first in _QUESTION_OPENERS
    hooks = tuple(h.strip("( ") for h in _HOOK_PHRASES if h in low)
    return HeadlineStyle(
        title=title,
        clickbait=prob,
        is_clickbait=prob >= model.threshold,
        superlatives=_superlatives(tokens),
        all_caps=_all_caps(tokens),
        question=question,
        number_list=bool(_LIST_HOOK.match(title)),
        exclamation="!" in title,
        hooks=hooks,
    )
