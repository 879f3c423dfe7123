"""Bounded body decoding: every encoding, fed in any chunking, stops at the cap."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import brotli
import pytest

from tidings.errors import FetchError, ResponseTooLargeError
from tidings.ingest.fetch.decode import ACCEPT_ENCODING, BROTLI_BOUNDED, BodyDecoder

BODY = b"<rss><channel>" + b"<item><title>hello tidings</title></item>" * 3000 + b"</channel></rss>"


def _raw_deflate(data: bytes) -> bytes:
    co = zlib.compressobj(wbits=-15)
    return co.compress(data) + co.flush()


ENCODED = {
    None: BODY,
    "identity": BODY,
    "gzip": gzip.compress(BODY),
    "x-gzip": gzip.compress(BODY),
    "deflate": zlib.compress(BODY),  # zlib-wrapped, as the RFC says
    "DEFLATE ": _raw_deflate(BODY),  # raw, as many servers send it
    "br": brotli.compress(BODY),
    "gzip, br": brotli.compress(gzip.compress(BODY)),  # applied in order, undone in reverse
}


def decode(encoding: str | None, raw: bytes, limit: int, step: int) -> bytes:
    decoder = BodyDecoder(encoding, limit)
    for i in range(0, len(raw), step):
        decoder.feed(raw[i : i + step])
    return decoder.finish()


@pytest.mark.parametrize("step", [1, 7, 4096, 1 << 20])
@pytest.mark.parametrize("encoding", list(ENCODED))
def test_round_trip_in_any_chunking(encoding: str | None, step: int) -> None:
    raw = ENCODED[encoding]
    if step == 1 and len(raw) > 20_000:
        step = 3  # byte-by-byte identity is slow and proves nothing more
    assert decode(encoding, raw, len(BODY), step) == BODY


@pytest.mark.parametrize("encoding", list(ENCODED))
def test_one_byte_over_the_cap_is_refused(encoding: str | None) -> None:
    with pytest.raises(ResponseTooLargeError, match="TIDINGS_MAX_BODY_BYTES"):
        decode(encoding, ENCODED[encoding], len(BODY) - 1, 4096)


def test_raw_bytes_are_capped_too() -> None:
    # Incompressible-looking input: refused on what was received, before decoding.
    with pytest.raises(ResponseTooLargeError, match="as received"):
        decode(None, b"x" * 5000, 4096, 1000)


def test_concatenated_gzip_members() -> None:
    raw = gzip.compress(b"first ") + gzip.compress(b"second")
    assert decode("gzip", raw, 100, 5) == b"first second"


@pytest.mark.parametrize("encoding", ["gzip", "br", "deflate"])
def test_bomb_output_stays_near_the_cap(encoding: str) -> None:
    zeros = bytes(64 << 20)
    compress = {
        "gzip": gzip.compress,
        "br": lambda data: brotli.compress(data, quality=5),
        "deflate": zlib.compress,
    }[encoding]
    raw = compress(zeros)
    del zeros
    tracemalloc.start()
    try:
        decoder = BodyDecoder(encoding, 1 << 20)
        with pytest.raises(ResponseTooLargeError, match="once decompressed"):
            for i in range(0, len(raw), 65536):
                decoder.feed(raw[i : i + 65536])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20  # the 1 MiB cap, a step of overshoot and copies; not 64 MiB


def test_corrupt_data_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="could not be decompressed"):
        decode("gzip", b"this is not gzip", 1000, 100)


def test_unknown_encoding_is_named() -> None:
    with pytest.raises(FetchError, match="'zstd'"):
        BodyDecoder("zstd", 1000)


def test_brotli_is_bounded_and_asked_for() -> None:
    assert BROTLI_BOUNDED  # brotli >= 1.2 is installed; older versions could not cap output
    assert "br" in ACCEPT_ENCODING
