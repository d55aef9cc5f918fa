"""Bounded gzip decompression for every ``.gz`` input (WARC, JSONL, JSON, text, HTML).

The stream decompresses at most ``OUT_CHUNK`` bytes per step, so memory stays flat whatever a
member expands to, and it checks the expansion while decompressing: past ``BOMB_FLOOR`` bytes,
output above ``BOMB_RATIO`` times the compressed input read so far is refused as a gzip bomb
(real news text, HTML and WARC compress 3-15 times; a file of zeros about 1,000 times).
It reads multi-member files (WARC.gz is one member per record) and raises GzipError at a cut
or corrupt end, after handing over every byte it could decompress before it."""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

GZIP_WBITS = 16 + zlib.MAX_WBITS
IN_CHUNK = 1 << 16
OUT_CHUNK = 1 << 18
BOMB_RATIO = 200
BOMB_FLOOR = 32 << 20


class GzipError(Exception):
    """The gzip data is cut, corrupt, or expands like a bomb. ``reason`` is a failure reason
    (``truncated: ...``, ``unreadable: ...`` or ``too large: ...``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GunzipRaw(io.RawIOBase):
    """A raw, read-only stream of the decompressed bytes of ``raw``."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self.consumed = 0  # compressed bytes read
        self.produced = 0  # decompressed bytes handed over or pending
        self._d = zlib.decompressobj(GZIP_WBITS)
        self._started = False  # inside a member
        self._out = memoryview(b"")
        self._eof = False
        self._error: GzipError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._out:
            if self._error is not None:
                raise self._error
            if self._eof:
                return 0
            try:
                self._step()
            except GzipError as e:
                self._error = e  # raised once the bytes before it are handed over
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _step(self) -> None:
        d = self._d
        if d.eof:  # a member ended: what follows it starts the next one
            data = d.unused_data
            self._d = d = zlib.decompressobj(GZIP_WBITS)
            self._started = False
        else:
            data = d.unconsumed_tail
        if not data:
            data = self.raw.read(IN_CHUNK)
            self.consumed += len(data)
            if not data:
                self._eof = True
                if self._started:
                    raise GzipError("truncated: the gzip stream ends inside a member")
                return
        if not self._started and not data.strip(b"\x00"):
            return  # zero padding after the last member, as gzip itself accepts
        self._started = True
        try:
            out = d.decompress(data, OUT_CHUNK)
        except zlib.error as e:
            raise GzipError(f"unreadable: corrupt gzip data ({e})") from e
        self.produced += len(out)
        if self.produced > max(BOMB_FLOOR, BOMB_RATIO * self.consumed):
            raise GzipError(
                f"too large: the gzip data expands over {BOMB_RATIO} times"
                f" ({self.consumed} bytes to over {self.produced}): a gzip bomb"
            )
        self._out = memoryview(out)


def gunzip(raw: BinaryIO) -> io.BufferedReader:
    """A buffered reader (``read``, ``readline(limit)``) over the decompressed ``raw``."""
    return io.BufferedReader(GunzipRaw(raw), buffer_size=IN_CHUNK)
