"""Pydantic models of the stories and picks API (the web edge only; services speak dataclasses)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tidings.services.stories import StoryView
from tidings.types import PickedStory, PickRecord, RankedStory, StoryRecord


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class StorySummary(Out):
    id: int = Field(description="The story's id (GET /api/v1/stories/{id}).")
    headline: str
    summary: list[str]
    first_seen: datetime
    last_seen: datetime = Field(description="When its latest article was published.")
    article_count: int = Field(description="Articles you can see.")
    source_count: int = Field(description="Distinct feeds among them.")
    sources: list[str]
    storyline_id: int | None
    score: float | None = Field(
        None, description="Top stories' score (docs/web.md, Stories); absent on picks."
    )

    @classmethod
    def of(cls, story: StoryRecord, sources: tuple[str, ...], score: float | None = None
           ) -> StorySummary:
        return cls(
            id=story.id, headline=story.headline, summary=list(story.summary),
            first_seen=story.first_seen, last_seen=story.last_seen,
            article_count=story.article_count, source_count=story.source_count,
            sources=list(sources), storyline_id=story.storyline_id,
            score=None if score is None else round(score, 6),
        )

    @classmethod
    def ranked(cls, item: RankedStory) -> StorySummary:
        return cls.of(item.story, item.sources, item.score)


class StoryList(Out):
    stories: list[StorySummary]
    next_offset: int | None = Field(description="Pass as ``offset`` for the next page.")
    note: str | None = Field(None, description="Why the list is empty, when it is.")


class Pick(Out):
    id: int = Field(description="The pick's id (DELETE /api/v1/picks/{id}).")
    story_id: int = Field(description="The story holding the picked entry now.")
    entry_id: int = Field(description="The entry the pick is anchored to.")
    note: str | None
    picked_at: datetime
    picked_by: str | None = Field(description="The editor; null once their account is gone.")

    @classmethod
    def of(cls, p: PickRecord) -> Pick:
        return cls(id=p.id, story_id=p.story_id, entry_id=p.entry_id, note=p.note,
                   picked_at=p.picked_at, picked_by=p.picked_by)


class PickedStoryOut(Out):
    pick: Pick
    story: StorySummary

    @classmethod
    def of(cls, item: PickedStory) -> PickedStoryOut:
        return cls(pick=Pick.of(item.pick), story=StorySummary.of(item.story, item.sources))


class NewPick(BaseModel):
    model_config = ConfigDict(extra="forbid")

    story_id: int = Field(description="One of your stories (GET /api/v1/stories).")
    note: str | None = Field(None, max_length=500, description="Why the team should read it.")


class HeadlineStyle(Out):
    title: str
    clickbait: float = Field(description="The model's probability (0-1) of clickbait.")
    is_clickbait: bool
    superlatives: list[str]
    all_caps: list[str]
    question: bool
    number_list: bool
    exclamation: bool
    hooks: list[str]


class StoryArticle(Out):
    entry_id: int
    source: str
    title: str
    url: str | None
    published: datetime
    duplicate_of: int | None = Field(description="The entry this one is a syndicated copy of.")
    readable: bool = Field(description="From a feed you follow: GET /api/v1/entries/{id} works.")
    headline_style: HeadlineStyle


class UniqueFact(Out):
    sentence: str
    what: list[str] = Field(description='What no other source has: "figure ...", "quote", ...')
    article: str


class SourcePerspective(Out):
    source: str
    articles: list[str]
    title: str
    kind: str = Field(description="wire, wire copy, outlet, blog, video, podcast, ...")
    kind_evidence: list[str]
    copy_of: str | None
    machine_transcript: bool
    quality_evidence: list[str]
    headline: HeadlineStyle
    framing: float = Field(description="-1 (negative) .. +1 (positive)")
    unique: list[UniqueFact]


class Figure(Out):
    source: str
    text: str
    value: float
    sentence: str


class Disagreement(Out):
    subject: str
    unit: str
    figures: list[Figure]


class Perspectives(Out):
    sources: list[SourcePerspective]
    disagreements: list[Disagreement]
    opposed_framing: list[list[str]] = Field(
        description="Pairs (most positive source, most negative source)."
    )


class StorylineStory(Out):
    story_id: int
    headline: str
    first_seen: datetime
    last_seen: datetime
    current: bool


class Storyline(Out):
    id: int | None
    timeline: list[StorylineStory]


class RelatedStory(Out):
    story_id: int
    headline: str
    source_count: int
    last_seen: datetime


class StoryDetail(Out):
    id: int
    headline: str
    summary: list[str]
    first_seen: datetime
    last_seen: datetime
    article_count: int
    source_count: int
    people: list[str]
    places: list[str]
    organisations: list[str]
    articles: list[StoryArticle]
    perspectives: Perspectives
    storyline: Storyline | None
    related: list[RelatedStory] = Field(
        description="Your other stories closest in subject (not of this storyline), best first."
    )
    pick: Pick | None

    @classmethod
    def of(cls, view: StoryView) -> StoryDetail:
        data = view.to_dict()
        for article in data["articles"]:
            article["readable"] = article["entry_id"] in view.readable
        data["pick"] = Pick.of(view.pick) if view.pick else None
        return cls.model_validate(data)
