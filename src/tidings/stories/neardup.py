"""Near-duplicate detection: MinHash over word shingles, with LSH banding.

Syndicated wire copy and aggregator re-posts share almost all of their
running text but not their headline, URL or trailing credit line. Word
3-shingles of the normalised text catch that; MinHash estimates the Jaccard
similarity of two shingle sets from ``num_perm`` small integers, and LSH
banding finds candidate pairs without comparing every pair. Candidates are
then checked against the estimated Jaccard, so banding only has to be a good
net, not a judge.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass

from tidings.errors import AlreadyExistsError, ConfigError

try:  # optional: ten times faster fingerprints of long texts
    import numpy as _np
except ImportError:  # pragma: no cover - exercised where numpy is absent
    _np = None

_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1
_TOKEN = re.compile(r"\w+", re.UNICODE)


def _permutations(num_perm: int, seed: int) -> tuple[tuple[int, int], ...]:
    # Deterministic (a, b) pairs from a hash chain: same seed, same fingerprints
    # in every process, so stored fingerprints stay comparable.
    out = []
    state = seed.to_bytes(8, "little")
    while len(out) < num_perm:
        state = hashlib.blake2b(state, digest_size=16).digest()
        a, b = struct.unpack("<QQ", state)
        # a < 2**31 and shingle hashes < 2**32 keep a*h + b inside 64 bits,
        # so the numpy path below computes exactly what the pure one does.
        out.append((a % ((1 << 31) - 1) + 1, b % _MERSENNE))
    return tuple(out)


def shingles(text: str, size: int = 3) -> set[int]:
    """Hashed word ``size``-shingles of the lower-cased text."""
    toks = [t.lower() for t in _TOKEN.findall(text)]
    if not toks:
        return set()
    if len(toks) < size:
        grams = [" ".join(toks)]
    else:
        grams = [" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)]
    # CRC-32: stable across processes (unlike hash()) and fast; MinHash only
    # needs the shingle hashes spread evenly, not cryptographic strength.
    return {zlib.crc32(g.encode()) for g in grams}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The MinHash signature of one text (``num_perm`` values)."""

    values: tuple[int, ...]
    shingle_count: int

    def jaccard(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        if len(self.values) != len(other.values):
            raise ConfigError("fingerprints of different lengths cannot be compared")
        if not self.values or self.shingle_count == 0 or other.shingle_count == 0:
            return 0.0
        same = sum(1 for x, y in zip(self.values, other.values) if x == y)
        return same / len(self.values)


class MinHasher:
    """Computes :class:`Fingerprint` values with fixed permutations."""

    def __init__(self, num_perm: int = 128, shingle_size: int = 3, seed: int = 1) -> None:
        if num_perm < 8:
            raise ConfigError("num_perm must be at least 8")
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self._perms = _permutations(num_perm, seed)
        if _np is not None:
            self._a = _np.array([a for a, _ in self._perms], dtype=_np.uint64)[:, None]
            self._b = _np.array([b for _, b in self._perms], dtype=_np.uint64)[:, None]

    def fingerprint(self, text: str) -> Fingerprint:
        sh = shingles(text, self.shingle_size)
        if not sh:
            return Fingerprint((_MAX_HASH,) * self.num_perm, 0)
        if _np is not None and len(sh) > 16:
            h = _np.fromiter(sh, dtype=_np.uint64, count=len(sh))[None, :]
            mins = (((self._a * h + self._b) % _np.uint64(_MERSENNE)) & _np.uint64(_MAX_HASH)).min(
                axis=1
            )
            return Fingerprint(tuple(mins.tolist()), len(sh))
        values = tuple(
            min(((a * h + b) % _MERSENNE) & _MAX_HASH for h in sh) for a, b in self._perms
        )
        return Fingerprint(values, len(sh))


class NearDuplicateIndex:
    """Finds earlier texts whose estimated Jaccard is at least ``threshold``.

    With ``bands`` bands of ``num_perm // bands`` rows, a pair with Jaccard
    ``j`` becomes a candidate with probability ``1 - (1 - j**rows)**bands``;
    the defaults (32 bands of 4 rows) catch j = 0.5 about 88% of the time and
    j = 0.7 almost always, while j = 0.2 pairs rarely cost a comparison.
    """

    def __init__(
        self,
        threshold: float = 0.6,
        num_perm: int = 128,
        bands: int = 32,
        shingle_size: int = 3,
        min_shingles: int = 8,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError("threshold must be in (0, 1]")
        if num_perm % bands:
            raise ConfigError("num_perm must be a multiple of bands")
        self.threshold = threshold
        self.min_shingles = min_shingles
        self._hasher = MinHasher(num_perm, shingle_size)
        self._rows = num_perm // bands
        self._bands = bands
        self._buckets: list[dict[tuple[int, ...], list[str]]] = [{} for _ in range(bands)]
        self._prints: dict[str, Fingerprint] = {}

    def __len__(self) -> int:
        return len(self._prints)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._prints

    def fingerprint(self, text: str) -> Fingerprint:
        return self._hasher.fingerprint(text)

    def query(self, fp: Fingerprint) -> list[tuple[str, float]]:
        """Indexed ids whose Jaccard with ``fp`` reaches the threshold, best first."""
        if fp.shingle_count < self.min_shingles:
            return []  # too short to tell a copy from a shared phrase
        seen: set[str] = set()
        hits: list[tuple[str, float]] = []
        r = self._rows
        for band, buckets in enumerate(self._buckets):
            for other in buckets.get(fp.values[band * r : (band + 1) * r], ()):
                if other in seen:
                    continue
                seen.add(other)
                j = fp.jaccard(self._prints[other])
                if j >= self.threshold:
                    hits.append((other, j))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits

    def add(self, item_id: str, text: str) -> list[str]:
        """Index ``text`` under ``item_id``; return earlier near-copies, best first."""
        return [i for i, _ in self.add_fingerprint(item_id, self.fingerprint(text))]

    def add_fingerprint(self, item_id: str, fp: Fingerprint) -> list[tuple[str, float]]:
        if item_id in self._prints:
            raise AlreadyExistsError(f"item {item_id!r} is already in the near-duplicate index")
        hits = self.query(fp)
        self._prints[item_id] = fp
        if fp.shingle_count >= self.min_shingles:
            r = self._rows
            for band, buckets in enumerate(self._buckets):
                buckets.setdefault(fp.values[band * r : (band + 1) * r], []).append(item_id)
        return hits

    def remove(self, item_id: str) -> None:
        fp = self._prints.pop(item_id, None)
        if fp is None:
            return
        r = self._rows
        for band, buckets in enumerate(self._buckets):
            key = fp.values[band * r : (band + 1) * r]
            ids = buckets.get(key)
            if ids and item_id in ids:
                ids.remove(item_id)
                if not ids:
                    del buckets[key]
