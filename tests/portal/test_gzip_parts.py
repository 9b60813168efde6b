"""A gzip answer put together from parts compressed ahead is one ordinary gzip stream."""

import gzip
import shutil
import subprocess

from portal.gzip_parts import deflated, gzip_of

PARTS = [
    "<!doctype html><title>Cảnh báo lừa đảo</title>".encode() * 40,
    b"<p>\xc4\x90\xc3\xa3 g\xe1\xbb\xadi 12 \xc4\x91\xc6\xa1n v\xe1\xbb\x8b</p>",
    b"",  # a part may be empty (no receipt totals)
    "<footer>Sở Y tế</footer></html>".encode() * 30,
]


def _assembled(parts):
    return gzip_of(
        [(part, deflated(part, last=i == len(parts) - 1)) for i, part in enumerate(parts)]
    )


def test_the_parts_decompress_to_the_whole_text():
    assert gzip.decompress(_assembled(PARTS)) == b"".join(PARTS)


def test_each_part_is_compressed_once_and_reused_in_any_page():
    """The same stored part, between other parts, still makes a valid stream."""
    middle = (PARTS[1], deflated(PARTS[1], last=False))
    for other in (b"<p>1</p>", b"<p>2, 3</p>"):
        whole = gzip_of(
            [
                (PARTS[0], deflated(PARTS[0], last=False)),
                middle,
                (other, deflated(other, last=True)),
            ]
        )
        assert gzip.decompress(whole) == PARTS[0] + PARTS[1] + other


def test_the_gzip_program_reads_it_and_checks_its_crc():
    """gzip (an essential Debian package) decompresses it and verifies the trailer."""
    program = shutil.which("gzip")
    result = subprocess.run(
        [program, "-dc"], input=_assembled(PARTS), capture_output=True, check=True
    )
    assert result.stdout == b"".join(PARTS)
    subprocess.run([program, "-t"], input=_assembled(PARTS), check=True)
