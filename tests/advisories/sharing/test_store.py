"""Preview images on disk: drawn once per version, whole files only, older versions removed."""

import threading
from dataclasses import replace

from PIL import Image

from advisories.sharing import store
from advisories.sharing.cards import Card

CARD = Card(portal="Cổng cảnh báo lừa đảo", kind="Cảnh báo lừa đảo", title="Giả danh công an")


def test_drawn_once_then_read(settings, tmp_path):
    settings.SHARE_IMAGE_DIR = tmp_path
    before = store.render_count()
    first = store.png_for("van-ban-1-vi", CARD)
    assert store.render_count() == before + 1
    assert store.path_for("van-ban-1-vi", CARD).read_bytes() == first
    assert store.png_for("van-ban-1-vi", CARD) == first
    assert store.render_count() == before + 1


def test_a_new_version_removes_the_older_one_of_that_object_only(settings, tmp_path):
    settings.SHARE_IMAGE_DIR = tmp_path
    store.png_for("van-ban-4-vi", CARD)
    store.png_for("van-ban-42-vi", CARD)
    store.png_for("van-ban-4-en", CARD)
    corrected = replace(CARD, title="Giả danh công an (đính chính)")
    store.png_for("van-ban-4-vi", corrected)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            f"van-ban-4-vi-{corrected.version}.png",
            f"van-ban-42-vi-{CARD.version}.png",
            f"van-ban-4-en-{CARD.version}.png",
        ]
    )


def test_workers_drawing_the_same_card_at_once_leave_one_whole_file(settings, tmp_path):
    settings.SHARE_IMAGE_DIR = tmp_path
    start = threading.Barrier(6)
    results = []

    def draw():
        start.wait()
        results.append(store.png_for("thu-doan-3-vi", CARD))

    threads = [threading.Thread(target=draw) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6 and len(set(results)) == 1
    assert [path.name for path in tmp_path.iterdir()] == [f"thu-doan-3-vi-{CARD.version}.png"]
    with Image.open(tmp_path / f"thu-doan-3-vi-{CARD.version}.png") as image:
        image.load()
        assert image.size == (1200, 630)


def test_an_unusable_folder_still_gives_the_image(settings, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.SHARE_IMAGE_DIR = blocker
    png = store.png_for("co-quan-1-vi", CARD)
    assert png.startswith(b"\x89PNG")
    assert "share image not stored" in caplog.text
