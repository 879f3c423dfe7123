"""Optional dense embeddings for clustering (models shipped inside a package).

The core works without any of this: :func:`load_embedder` returns ``None``
when the model's package is not installed. The only model wired in is
``wordllama`` (a 16 MB static token-embedding model whose weights ship in the
wheel), loaded from its own package folder with downloads disabled, so
nothing is fetched at run time and it runs on the CPU.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

Embedding = tuple[float, ...]


class Embedder(Protocol):
    """Anything that turns texts into unit-length vectors of one dimension."""

    dim: int

    def encode(self, texts: Sequence[str]) -> list[Embedding]: ...


class WordLlamaEmbedder:
    """wordllama's ``l2_supercat`` model, truncated to ``dim`` dimensions."""

    def __init__(self, dim: int = 256) -> None:
        import wordllama  # optional dependency; caller checks availability

        package_dir = Path(wordllama.__file__).parent
        self._model = wordllama.WordLlama.load(
            cache_dir=package_dir, disable_download=True, trunc_dim=dim if dim < 256 else None
        )
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> list[Embedding]:
        if not texts:
            return []
        matrix = self._model.embed(list(texts), norm=True)
        return [tuple(float(x) for x in row) for row in matrix.tolist()]


def load_embedder(name: str = "wordllama", dim: int = 256) -> Embedder | None:
    """The named embedder, or ``None`` when its package is not installed."""
    if name != "wordllama":
        return None
    try:
        return WordLlamaEmbedder(dim)
    except ImportError:
        return None


def unit(vec: Sequence[float]) -> Embedding:
    n = math.sqrt(sum(x * x for x in vec))
    return tuple(vec) if n == 0.0 else tuple(x / n for x in vec)
