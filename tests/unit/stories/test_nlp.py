"""The text helpers behind perspectives: names, figures, sentences, transcript quality."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tidings.demo import _stories as demo
from tidings.stories._nlp import key_entities, quantities, sentences
from tidings.stories.sourcekind import text_quality

GOLD = Path(__file__).resolve().parents[2] / "data" / "stories" / "entities-gold.json"
VTT = Path(demo.__file__).parent / "data" / "low-orbit-hour-53.vtt"


def test_names_found_in_hand_labelled_demo_articles() -> None:
    gold = {k: v for k, v in json.loads(GOLD.read_text(encoding="utf-8")).items() if k[0] != "_"}
    bodies = {a.slug: a.body for a in [*demo.WIRE, demo.WIRE_FLOOD, *demo.GAZETTE]}
    found = total = typed = 0
    for slug, labels in gold.items():
        got = key_entities([re.sub(r"<[^>]+>", "", bodies[slug])])
        names = {n for kind in got.values() for n, _ in kind}
        for kind in ("person", "organisation", "place"):
            for name in labels[kind]:
                total += 1
                found += name in names
                typed += name in {n for n, _ in got[kind]}
        # Every person is found and typed as a person.
        assert set(labels["person"]) <= {n for n, _ in got["person"]}
    assert found / total >= 0.9
    assert typed / total >= 0.8


def test_figures_with_units_scales_and_ranges() -> None:
    (q,) = quantities("The $2.6bn space deal could bring jobs.")
    assert (q.value, q.unit, q.text) == (2.6e9, "money:$", "$2.6bn")
    (q,) = quantities("About 2,000 residents were moved to shelters.")
    assert (q.value, q.unit, q.head) == (2000.0, "count", "resident")
    lo, hi = quantities("It lies between 350 and 450 metres below the surface.")
    assert lo.in_range and hi.in_range and hi.unit == "m"
    # Years, times, codes and ordinals are not figures.
    assert quantities("In 2024 at 06:12 the CVE-2026-1184 fix shipped on its 3rd try.") == []


def test_sentences_keep_abbreviations_together() -> None:
    text = "Dr. Ines Mattheus led it. It found a reef at 3 a.m. on Tuesday.\nNew paragraph"
    assert sentences(text) == [
        "Dr. Ines Mattheus led it.",
        "It found a reef at 3 a.m. on Tuesday.",
        "New paragraph",
    ]


def test_an_edited_show_transcript_is_not_a_machine_transcript() -> None:
    cues = [
        re.sub(r"<v [^>]+>", "", line)
        for line in VTT.read_text(encoding="utf-8").splitlines()
        if line.startswith("<v ")
    ]
    quality = text_quality(" ".join(cues), ["Kestrel Orbital", "Imogen Strand"])
    assert not quality.machine_transcript
