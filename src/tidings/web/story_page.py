"""What the story page shows, arranged from a :class:`StoryView` (pure; the template draws it).

Sources come in the order perspectives lists them; each source's own
articles are listed with the syndicated copies of them (other sources'
near-verbatim copies) folded underneath; a source whose articles are all
copies says so and points to the originals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tidings.services.stories import StoryView
from tidings.stories import HeadlineStyle
from tidings.types import StoryEntryText
from tidings.web.timeline import Chart, articles_chart, storyline_chart


@dataclass(frozen=True, slots=True)
class ArticleItem:
    entry: StoryEntryText
    readable: bool  # the reader follows its feed: link to /entries/{id}
    flags: tuple[str, ...]  # headline style
    copies: tuple[StoryEntryText, ...]  # other sources' copies of this article


@dataclass(frozen=True, slots=True)
class SourceSection:
    source: str
    kind: str
    kind_evidence: tuple[str, ...]
    machine_transcript: bool
    framing: float
    unique: tuple[dict[str, Any], ...]  # {"sentence", "what", "article"}
    articles: tuple[ArticleItem, ...]
    copies_of: tuple[StoryEntryText, ...]  # the originals this source only repeats


@dataclass(frozen=True, slots=True)
class StoryPage:
    view: StoryView
    sections: tuple[SourceSection, ...]
    disagreements: tuple[dict[str, Any], ...]
    opposed_framing: tuple[tuple[str, str], ...]
    chart: Chart
    storyline: Chart | None


def headline_flags(style: dict[str, Any]) -> tuple[str, ...]:
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in style.items()}
    return HeadlineStyle(**fields).flags


def story_page(view: StoryView) -> StoryPage:
    by_id = {a.entry_id: a for a in view.articles}
    copies: dict[int, list[StoryEntryText]] = {}
    for a in view.articles:
        if a.duplicate_of is not None and a.duplicate_of in by_id:
            copies.setdefault(a.duplicate_of, []).append(a)

    def is_copy(a: StoryEntryText) -> bool:
        return a.duplicate_of is not None and a.duplicate_of in by_id

    sections = []
    for p in view.perspectives["sources"]:
        own = [by_id[int(i)] for i in p["articles"] if int(i) in by_id]
        sections.append(
            SourceSection(
                source=p["source"],
                kind=p["kind"],
                kind_evidence=tuple(p["kind_evidence"]),
                machine_transcript=p["machine_transcript"],
                framing=p["framing"],
                unique=tuple(p["unique"]),
                articles=tuple(
                    ArticleItem(
                        entry=a,
                        readable=a.entry_id in view.readable,
                        flags=headline_flags(view.headline_styles[str(a.entry_id)]),
                        copies=tuple(copies.get(a.entry_id, ())),
                    )
                    for a in own
                    if not is_copy(a)
                ),
                copies_of=tuple(
                    dict.fromkeys(by_id[a.duplicate_of] for a in own if is_copy(a))
                ),
            )
        )
    line = view.storyline if view.story.storyline_id is not None and len(view.storyline) > 1 \
        else ()
    return StoryPage(
        view=view,
        sections=tuple(sections),
        disagreements=tuple(view.perspectives["disagreements"]),
        opposed_framing=tuple(tuple(pair) for pair in view.perspectives["opposed_framing"]),
        chart=articles_chart(view.articles, view.readable),
        storyline=storyline_chart(line, view.story.id) if line else None,
    )
