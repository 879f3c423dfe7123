"""MinHash near-duplicate index: copies are found, other coverage is not."""

from __future__ import annotations

import pytest

from tidings.errors import AlreadyExistsError, ConfigError
from tidings.stories.neardup import MinHasher, NearDuplicateIndex, shingles

WIRE = (
    "Port Calloway closed its Tamsin Harbour Bridge to all traffic on Tuesday after inspectors "
    "found cracks in two steel girders beneath the eastern span. City engineer Rhona Vasquez said "
    "the fractures were discovered during a routine ultrasound survey and that the 1962 bridge "
    "would stay closed until divers and structural teams finished a full assessment. About 41,000 "
    "vehicles cross the bridge each day. Ferries will run every fifteen minutes from Wednesday."
)
# The aggregator's copy: new headline on top, a credit line at the end, one word changed.
REPOST = (
    "Cracked girders force closure of Tamsin Harbour Bridge\n"
    + WIRE.replace("routine", "scheduled")
    + "\nReporting by Ines Halloran; editing by Tom Brack."
)
# Same event, written independently.
OTHER = (
    "Drivers queued for almost an hour at the Hollin tunnel on Tuesday morning as the closure of "
    "the Tamsin Harbour Bridge pushed traffic onto the only other crossing. Shop owners on the "
    "eastern side of Port Calloway said trade fell sharply. Rhona Vasquez, the city engineer, told "
    "a council meeting that the cracked girders could take weeks to repair."
)


def test_repost_with_new_headline_and_credit_line_is_found() -> None:
    index = NearDuplicateIndex()
    assert index.add("wire", WIRE) == []
    assert index.add("repost", REPOST) == ["wire"]


def test_other_article_on_the_same_event_is_not_a_duplicate() -> None:
    index = NearDuplicateIndex()
    index.add("wire", WIRE)
    index.add("repost", REPOST)
    assert index.add("other", OTHER) == []


def test_estimate_tracks_true_jaccard() -> None:
    hasher = MinHasher(num_perm=256)
    a, b = shingles(WIRE), shingles(REPOST)
    true_j = len(a & b) / len(a | b)
    est = hasher.fingerprint(WIRE).jaccard(hasher.fingerprint(REPOST))
    assert abs(est - true_j) < 0.1
    assert hasher.fingerprint(WIRE).jaccard(hasher.fingerprint(OTHER)) < 0.2


def test_fingerprints_are_deterministic() -> None:
    assert MinHasher().fingerprint(WIRE) == MinHasher().fingerprint(WIRE)


def test_short_texts_are_never_duplicates() -> None:
    index = NearDuplicateIndex()
    index.add("a", "Stocks fall")
    assert index.add("b", "Stocks fall") == []


def test_remove_and_reuse() -> None:
    index = NearDuplicateIndex()
    index.add("wire", WIRE)
    with pytest.raises(AlreadyExistsError):
        index.add("wire", WIRE)
    index.remove("wire")
    assert "wire" not in index
    assert index.add("repost", REPOST) == []


def test_bad_settings() -> None:
    with pytest.raises(ConfigError):
        NearDuplicateIndex(threshold=0.0)
    with pytest.raises(ConfigError):
        NearDuplicateIndex(num_perm=100, bands=32)


def test_numpy_and_pure_fingerprints_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.stories import neardup

    if neardup._np is None:
        pytest.skip("numpy not installed")
    fast = MinHasher().fingerprint(WIRE)
    monkeypatch.setattr(neardup, "_np", None)
    assert MinHasher().fingerprint(WIRE) == fast
