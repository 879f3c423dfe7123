"""Bounded decoding of response bodies: a compression bomb stops at the cap.

aiohttp's own decompression would inflate a whole chunk at once, so a few
kilobytes of gzip or brotli could become gigabytes in memory before any size
check. Here every step asks the decompressor for at most what is still
allowed (``zlib``'s ``max_length``, brotli's ``output_buffer_limit``), so
memory stays near the cap whatever the ratio. Both the bytes received and the
bytes decoded are capped.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli

from tidings.errors import FetchError, ResponseTooLargeError

# brotli.Decompressor.process(output_buffer_limit=...) exists from brotli 1.2.
# Older versions cannot bound their output, so "br" is then neither asked for
# nor accepted rather than decoded unbounded.
try:
    brotli.Decompressor().process(b"", output_buffer_limit=1)
    BROTLI_BOUNDED = True
except TypeError:  # pragma: no cover - depends on the installed brotli
    BROTLI_BOUNDED = False

ACCEPT_ENCODING = "gzip, deflate, br" if BROTLI_BOUNDED else "gzip, deflate"

# Brotli may overshoot its output limit by about half; small steps keep the
# overshoot to tens of kilobytes.
_BROTLI_STEP = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"


class _TooLarge(Exception):
    pass


class _Stage(Protocol):
    def decode(self, data: bytes, room: int) -> list[bytes]:
        """Decode ``data``; raise :class:`_TooLarge` once output passes ``room``."""

    def flush(self, room: int) -> list[bytes]: ...


class _Identity:
    def decode(self, data: bytes, room: int) -> list[bytes]:
        if len(data) > room:
            raise _TooLarge
        return [data]

    def flush(self, room: int) -> list[bytes]:
        return []


class _Zlib:
    """gzip (several members allowed), or deflate: zlib-wrapped or raw, as servers differ."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._pending = b""  # deflate: bytes held until the header can be recognised
        self._d: zlib._Decompress | None = zlib.decompressobj(31) if gzip else None
        self._done = False

    def decode(self, data: bytes, room: int) -> list[bytes]:
        if self._d is None:
            data = self._pending + data
            if len(data) < 2:
                self._pending = data
                return []
            self._pending = b""
            self._d = zlib.decompressobj(15 if _is_zlib_header(data) else -15)
        out: list[bytes] = []
        while data and not self._done:
            piece = self._d.decompress(data, room + 1)  # never more than one byte past the cap
            if len(piece) > room:
                raise _TooLarge
            room -= len(piece)
            out.append(piece)
            data = b""
            if self._d.eof:
                rest = self._d.unused_data
                if self._gzip and rest.startswith(_GZIP_MAGIC):
                    self._d = zlib.decompressobj(31)  # the next gzip member
                    data = rest
                else:
                    self._done = True  # trailing bytes after the stream are ignored
        return out

    def flush(self, room: int) -> list[bytes]:
        if self._d is None:
            return self.decode(self._pending, room) if self._pending else []
        tail = self._d.flush()
        if len(tail) > room:
            raise _TooLarge
        return [tail]


def _is_zlib_header(data: bytes) -> bool:
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf << 8 | flg) % 31 == 0


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def decode(self, data: bytes, room: int) -> list[bytes]:
        if self._d.is_finished():
            return []
        out: list[bytes] = []
        piece = self._d.process(data, output_buffer_limit=_BROTLI_STEP)
        while True:
            if len(piece) > room:
                raise _TooLarge
            room -= len(piece)
            out.append(piece)
            # can_accept_more_data() only says the input was consumed; output may
            # still be waiting, so drain until a call yields nothing.
            if self._d.is_finished() or (not piece and self._d.can_accept_more_data()):
                return out
            piece = self._d.process(b"", output_buffer_limit=_BROTLI_STEP)

    def flush(self, room: int) -> list[bytes]:
        return []


def _stage(coding: str) -> _Stage:
    if coding in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if coding == "deflate":
        return _Zlib(gzip=False)
    if coding == "br" and BROTLI_BOUNDED:
        return _Brotli()
    raise FetchError(
        f"The server compressed the response with {coding!r}, which Tidings does not read"
        f" (it asks for {ACCEPT_ENCODING})"
    )


class BodyDecoder:
    """Collects a body chunk by chunk, decoding ``Content-Encoding`` within ``limit`` bytes.

    Raises :class:`ResponseTooLargeError` as soon as either the bytes received
    or the bytes decoded pass ``limit``, and :class:`FetchError` for an
    unknown encoding or corrupt compressed data.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        # Encodings are listed in the order applied, so they are undone in reverse.
        self._stages: list[_Stage] = [
            _stage(c) for c in reversed(codings) if c and c != "identity"
        ] or [_Identity()]
        self._limit = limit
        self._raw = 0
        self._sizes = [0] * len(self._stages)
        self._out: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        self._raw += len(chunk)
        if self._raw > self._limit:
            raise self._too_large("as received")
        self._run([chunk], flush=False)

    def finish(self) -> bytes:
        self._run([], flush=True)
        return b"".join(self._out)

    def _run(self, pieces: list[bytes], *, flush: bool) -> None:
        try:
            for i, stage in enumerate(self._stages):
                room = self._limit - self._sizes[i]
                produced: list[bytes] = []
                for piece in pieces:
                    for out in stage.decode(piece, room):
                        room -= len(out)
                        produced.append(out)
                if flush:
                    produced.extend(stage.flush(room))
                self._sizes[i] = self._limit - room
                pieces = [p for p in produced if p]
        except _TooLarge:
            raise self._too_large("once decompressed") from None
        except (zlib.error, brotli.error) as exc:
            raise FetchError(
                f"The server sent a compressed body that could not be decompressed ({exc})"
            ) from None
        self._out.extend(pieces)

    def _too_large(self, what: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"The response is larger than {_size(self._limit)} {what}; Tidings stopped"
            " reading it. The operator can raise TIDINGS_MAX_BODY_BYTES if this feed is genuine."
        )


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.3g} MiB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.3g} KiB"
    return f"{n} bytes"


__all__ = ["ACCEPT_ENCODING", "BROTLI_BOUNDED", "BodyDecoder"]
