"""Stories: near-duplicates, clustering, storylines, perspectives, summaries, headline style."""

from tidings.stories.article import StoryArticle
from tidings.stories.clusterer import ClusterParams, StreamingClusterer, cluster
from tidings.stories.embed import Embedder, load_embedder
from tidings.stories.headline import HeadlineStyle, headline_style
from tidings.stories.metrics import Scores, bcubed, pairwise
from tidings.stories.model import (
    Clustering,
    ClusterItem,
    ConsolidationReport,
    StoryAssignment,
    StorySnapshot,
)
from tidings.stories.neardup import Fingerprint, MinHasher, NearDuplicateIndex
from tidings.stories.perspectives import (
    Disagreement,
    Perspectives,
    SourcePerspective,
    UniqueFact,
    compare_sources,
)
from tidings.stories.sourcekind import SourceKind, TextQuality, source_kinds, text_quality
from tidings.stories.storylines import (
    StoryInfo,
    Storyline,
    TimelineEntry,
    link_storylines,
    story_info,
)
from tidings.stories.summary import StoryDescription, describe_story
from tidings.stories.text import FeatureWeights

__all__ = [
    "ClusterItem",
    "ClusterParams",
    "Clustering",
    "ConsolidationReport",
    "Disagreement",
    "Embedder",
    "FeatureWeights",
    "Fingerprint",
    "HeadlineStyle",
    "MinHasher",
    "NearDuplicateIndex",
    "Perspectives",
    "Scores",
    "SourceKind",
    "SourcePerspective",
    "StoryArticle",
    "StoryAssignment",
    "StoryDescription",
    "StoryInfo",
    "StorySnapshot",
    "Storyline",
    "StreamingClusterer",
    "TextQuality",
    "TimelineEntry",
    "UniqueFact",
    "bcubed",
    "cluster",
    "compare_sources",
    "describe_story",
    "headline_style",
    "link_storylines",
    "load_embedder",
    "pairwise",
    "source_kinds",
    "story_info",
    "text_quality",
]
