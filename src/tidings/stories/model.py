"""Typed inputs and outputs of story clustering.

The clusterer is pure: it takes :class:`ClusterItem` values (built by the
pipeline from stored entries) and returns :class:`StoryAssignment` values and
:class:`StorySnapshot` records. Nothing here touches storage or the clock;
time comes only from ``ClusterItem.published``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ClusterItem:
    """One article as the clusterer sees it.

    ``text`` is the plain full text (or lead) when known; ``published`` must be
    timezone-aware UTC. ``source`` is the publisher's name, used only to keep
    a publisher's own re-posts from looking like independent coverage.
    ``language`` is a language tag (``en``, ``de-AT``); words are stemmed for
    it, English when it is None.
    """

    id: str
    title: str
    published: datetime
    text: str | None = None
    source: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where :meth:`StreamingClusterer.add` put an item.

    ``similarity`` is the cosine between the item and the story it joined
    (0.0 when it started a story). ``duplicate_of`` names an earlier item the
    near-duplicate index found to be a copy of this one, if any.
    """

    item_id: str
    story_id: str
    created: bool
    similarity: float
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class StorySnapshot:
    """A story as it stands: its members and a readable representation.

    ``top_terms`` are the heaviest terms of the centroid, best first; they
    are the cheap "what is this story about" label.
    """

    id: str
    members: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    top_terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConsolidationReport:
    """What one :meth:`StreamingClusterer.consolidate` pass changed."""

    merged: int  # stories absorbed into another
    moved: int  # items reassigned to another story
    split: int  # items taken out of a story they did not fit, starting their own
    stories: int  # stories after the pass


@dataclass(frozen=True, slots=True)
class Clustering:
    """The whole result: item id -> story id, and the stories."""

    assignments: Mapping[str, str]
    stories: tuple[StorySnapshot, ...]
