"""Stories: near-duplicates, clustering, storylines, perspectives."""

from tidings.stories.clusterer import ClusterParams, StreamingClusterer, cluster
from tidings.stories.embed import Embedder, load_embedder
from tidings.stories.metrics import Scores, bcubed, pairwise
from tidings.stories.model import (
    Clustering,
    ClusterItem,
    ConsolidationReport,
    StoryAssignment,
    StorySnapshot,
)
from tidings.stories.neardup import Fingerprint, MinHasher, NearDuplicateIndex
from tidings.stories.text import FeatureWeights

__all__ = [
    "ClusterItem",
    "ClusterParams",
    "Clustering",
    "ConsolidationReport",
    "Embedder",
    "FeatureWeights",
    "Fingerprint",
    "MinHasher",
    "NearDuplicateIndex",
    "Scores",
    "StoryAssignment",
    "StorySnapshot",
    "StreamingClusterer",
    "bcubed",
    "cluster",
    "load_embedder",
    "pairwise",
]
