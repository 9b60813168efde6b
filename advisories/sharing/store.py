"""Preview images kept on disk, one file per version of a card: drawn once, then read.

Why files (settings.SHARE_IMAGE_DIR, var/share-images/ by default) and not the Django cache:
- every gunicorn worker of the host reads the same folder, with or without Redis (the default
  cache is each process's own memory: with several workers, each would draw its own copy);
- a PNG of ~20 KB per card would compete with the cached pages for Redis memory, and a Redis
  outage (portal.cache answers every read with a miss) would mean drawing on every request;
- a file is named by its card's version (a digest of everything printed, cards.Card.version),
  so it never changes once written: nothing to invalidate, only older versions to remove.

Several workers may draw the same new card at the same moment: each writes to its own
temporary file and renames it into place (atomic on one filesystem), so a reader sees the
whole file or none, and both writers wrote the same bytes. The folder is derived data: it may
be deleted at any time (it is not in backups, unlike MEDIA_ROOT's attachments).
"""

import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from .cards import Card, render_png

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_renders = 0


def render_count() -> int:
    """How many cards this process has drawn (a cache hit draws none): for tests and benches."""
    return _renders


def path_for(stem: str, card: Card) -> Path:
    """Where the image of `card` is kept: <SHARE_IMAGE_DIR>/<stem>-<version>.png."""
    return Path(settings.SHARE_IMAGE_DIR) / f"{stem}-{card.version}.png"


def png_for(stem: str, card: Card) -> bytes:
    """The PNG of `card`, read from its file, or drawn and stored once if there is none.

    `stem` names the object and language ("van-ban-42-vi", "thu-doan-7-en"); the files of its
    older versions are removed when a new one is written."""
    path = path_for(stem, card)
    try:
        return path.read_bytes()
    except OSError:  # not drawn yet (or the folder is unusable: drawn, then not stored)
        pass
    png = _draw(card)
    try:
        _write(path, png)
    except OSError as error:  # a full or read-only disk: serve the image all the same
        logger.warning("share image not stored at %s: %s", path, error)
        return png
    _remove_older_versions(stem, keep=path)
    return png


def _write(path: Path, png: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: a reader (another worker)
    sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".draw-", suffix=".png")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(png)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _draw(card: Card) -> bytes:
    global _renders
    png = render_png(card)
    with _lock:
        _renders += 1
    return png


def _remove_older_versions(stem: str, *, keep: Path) -> None:
    """Delete the other versions of this object's image in this language (stale since its card
    changed). Only names that are `stem` and a version: "van-ban-4-vi" never touches
    "van-ban-42-vi-…". A worker still answering for the old version may write it back and
    remove the new one: the next request draws the new one again, nothing worse."""
    for old in keep.parent.glob(f"{stem}-*.png"):
        if old != keep and old.name[len(stem) + 1 : -4].isalnum():
            old.unlink(missing_ok=True)
