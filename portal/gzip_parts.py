"""A gzip answer put together from parts compressed ahead, each once.

A page assembled from stored fragments (advisories.fragments) would otherwise be compressed
whole on every request. Each part is kept as raw DEFLATE from a compressor of its own, ended
by a sync flush (byte-aligned, not the final block) or, for the last part, finished: one after
the other they are a single valid DEFLATE stream, as pigz writes in parallel. Wrapped in the
gzip header and a trailer with the CRC-32 and length of the whole text, it is an ordinary
gzip answer (RFC 1952) that any client reads.
"""

import struct
import zlib

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time, unknown OS
_LEVEL = 6  # as Django's compress_string


def deflated(data: bytes, *, last: bool) -> bytes:
    """`data` compressed on its own: to be followed by other parts, or the `last` one."""
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(
        zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
    )


def gzip_of(parts) -> bytes:
    """A gzip member of `parts`: (text, its `deflated` form) pairs, the last one `last`."""
    crc, length = 0, 0
    for data, _ in parts:
        crc = zlib.crc32(data, crc)
        length += len(data)
    body = b"".join(compressed for _, compressed in parts)
    return _HEADER + body + struct.pack("<II", crc, length & 0xFFFFFFFF)
