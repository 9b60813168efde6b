"""Shared links: Open Graph / Twitter card tags on dispatch, pattern and organisation pages, the
1200×630 preview image (drawn once per version, then read), and the share actions."""

import datetime as dt
import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from advisories.models import Dispatch, Organisation, ScamPattern
from advisories.services import (
    correct_dispatch,
    publish_dispatch,
    save_draft_parts,
    withdraw_dispatch,
)
from advisories.sharing import meta, store
from tests.factories import DispatchFactory, OrganisationFactory, ScamPatternFactory

pytestmark = pytest.mark.django_db

SITE = "https://canhbao.example.gov.vn"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.SHARE_IMAGE_DIR = tmp_path / "share-images"


class _Head(HTMLParser):
    """Every <meta property|name=… content=…> of a page, and whether it has inline script."""

    def __init__(self):
        super().__init__()
        self.tags: dict[str, list[str]] = {}
        self.inline_scripts = 0
        self.style_attributes = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.tags.setdefault(key, []).append(attrs["content"])
        if tag == "script" and "src" not in attrs:
            self.inline_scripts += 1
        if "style" in attrs:
            self.style_attributes += 1


def _head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


def _og(client, url):
    return {key: values[0] for key, values in _head(client, url).tags.items()}


def _seed(number):
    return Dispatch.objects.select_related("issuer").get(number=number)


def _local(url):
    """The portal path of an absolute URL built on SITE_URL."""
    assert url.startswith(SITE + "/"), url
    return url[len(SITE) :]


def _near(image, xy, colour, tolerance=4):
    pixel = image.convert("RGB").getpixel(xy)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def _png(response):
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


class TestTags:
    def test_dispatch_page_tags_for_citizens_with_absolute_urls(self, client, seeded):
        dispatch = _seed(2152)
        og = _og(client, dispatch.get_absolute_url())
        assert og["og:title"] == 'Tuyên truyền phương thức lừa đảo "Sổ liên lạc điện tử"'
        assert og["og:type"] == "article"
        assert og["og:url"] == SITE + dispatch.get_absolute_url()
        assert og["og:site_name"] == "Cổng cảnh báo lừa đảo"
        assert og["og:locale"] == "vi_VN"
        assert og["og:locale:alternate"] == "en_US"
        assert og["twitter:card"] == "summary_large_image"
        assert og["og:image"].startswith(SITE + "/anh-chia-se/van-ban/")
        assert og["og:image"].endswith(".png")
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
        assert og["og:image:type"] == "image/png"
        assert "Sổ liên lạc điện tử" in og["og:image:alt"]
        assert "Sở Y tế tỉnh An Giang" in og["og:image:alt"]
        assert og["article:published_time"].startswith("20")
        description = og["og:description"]
        assert description.startswith("Sở Y tế tỉnh An Giang, 07/10/2025. ")
        assert len(description) <= meta.DESCRIPTION_LENGTH

    def test_no_administrative_prefix_in_the_title(self, client, db):
        dispatch = DispatchFactory(subject="V/v: cảnh giác với cuộc gọi giả danh công an")
        og = _og(client, dispatch.get_absolute_url())
        assert og["og:title"] == "Cảnh giác với cuộc gọi giả danh công an"
        assert "V/v" not in og["og:image:alt"]

    def test_english_page_under_en(self, client, seeded):
        dispatch = _seed(1153)
        with translation.override("en"):
            url = dispatch.get_absolute_url()
        assert url.startswith("/en/")
        og = _og(client, url)
        assert og["og:locale"] == "en_US"
        assert og["og:locale:alternate"] == "vi_VN"
        assert og["og:url"] == SITE + url
        assert og["og:image"].startswith(SITE + "/en/anh-chia-se/")
        assert og["og:site_name"] == "Scam Alert Portal"
        vietnamese = _og(client, dispatch.get_absolute_url())["og:image"]
        assert og["og:image"].rsplit("/", 1)[1] != vietnamese.rsplit("/", 1)[1]

    def test_withdrawn_dispatch_says_so_in_its_title_and_description(self, client, db):
        dispatch = DispatchFactory(withdrawn=True, withdrawn_on=dt.date(2025, 10, 9))
        og = _og(client, dispatch.get_absolute_url())
        assert og["og:title"].startswith("Đã thu hồi: ")
        assert "Văn bản đã thu hồi ngày 09/10/2025: Ban hành nhầm" in og["og:description"]
        assert og["og:image:alt"].startswith("Đã thu hồi. ")

    def test_pattern_page(self, client, seeded):
        pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
        og = _og(client, pattern.get_absolute_url())
        assert og["og:title"] == pattern.name
        assert og["og:type"] == "website"
        assert og["og:url"] == SITE + pattern.get_absolute_url()
        assert og["og:description"] == meta.shorten(pattern.summary)
        assert og["og:image"].startswith(SITE + f"/anh-chia-se/thu-doan/{pattern.pk}/")
        assert og["twitter:card"] == "summary_large_image"

    def test_long_description_is_cut_at_a_word(self, client, db):
        summary = "Kẻ gian gọi điện giả danh cán bộ thuế và yêu cầu chuyển tiền. " * 10
        pattern = ScamPatternFactory(summary=summary)
        description = _og(client, pattern.get_absolute_url())["og:description"]
        assert len(description) <= meta.DESCRIPTION_LENGTH
        assert description.endswith("…")
        kept = description[:-1]
        assert summary.startswith(kept)
        assert summary[len(kept)] in " .,"  # the cut fell between words

    def test_organisation_page(self, client, seeded):
        police = Organisation.objects.get(slug="cong-an-tinh-an-giang")
        og = _og(client, police.get_absolute_url())
        assert og["og:title"] == "Công an tỉnh An Giang"
        assert og["og:url"] == SITE + police.get_absolute_url()
        assert "Đường dây nóng: 113." in og["og:description"]
        assert og["og:image"].startswith(SITE + f"/anh-chia-se/co-quan/{police.pk}/")
        assert og["twitter:card"] == "summary_large_image"

    def test_other_pages_have_no_preview_tags(self, client, seeded):
        assert "og:title" not in _og(client, reverse("advisories:home"))


class TestShareActions:
    def test_links_to_share_and_the_copy_button_without_inline_script(self, client, seeded):
        dispatch = _seed(1153)
        page = client.get(dispatch.get_absolute_url()).content.decode()
        absolute = SITE + dispatch.get_absolute_url()
        links = dict(re.findall(r'<a class="button" href="([^"]+)"[^>]*>([^<]+)</a>', page))
        facebook = next(href for href, text in links.items() if text == "Facebook")
        assert parse_qs(urlsplit(facebook.replace("&amp;", "&")).query) == {"u": [absolute]}
        assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?")
        x = next(href for href, text in links.items() if text == "X (Twitter)")
        assert parse_qs(urlsplit(x.replace("&amp;", "&")).query)["url"] == [absolute]
        mail = next(href for href, text in links.items() if text == "Gửi thư điện tử")
        assert mail.startswith("mailto:?subject=Tuy%C3%AAn%20truy%E1%BB%81n")
        assert quote(absolute, safe="") in mail
        assert 'aria-label="Chia sẻ lên Facebook"' in page
        assert f'<input id="share-url" class="share__url" type="url" value="{absolute}"' in page
        assert 'data-copy-target="share-url"' in page
        assert "Sao chép liên kết" in page
        assert 'src="/static/js/share.js"' in page
        head = _head(client, dispatch.get_absolute_url())
        assert (head.inline_scripts, head.style_attributes) == (0, 0)

    def test_pattern_page_has_them_too(self, client, seeded):
        pattern = ScamPattern.objects.first()
        page = client.get(pattern.get_absolute_url()).content.decode()
        assert f'value="{SITE}{pattern.get_absolute_url()}"' in page
        assert "Chia sẻ cảnh báo này" in page

    def test_english_labels(self, client, seeded):
        with translation.override("en"):
            url = ScamPattern.objects.first().get_absolute_url()
            page = client.get(url).content.decode()
            for text in ("Chia sẻ cảnh báo này", "Sao chép liên kết", "Gửi thư điện tử"):
                assert translation.gettext(text) != text
                assert translation.gettext(text) in page


class TestImage:
    def test_a_valid_png_of_exactly_1200_by_630_with_long_lived_validators(self, client, seeded):
        url = _local(_og(client, _seed(2152).get_absolute_url())["og:image"])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Length"] == str(len(response.content))
        image = _png(response)
        assert (image.format, image.size) == ("PNG", (1200, 630))
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "immutable", "max-age=31536000"} <= cache_control
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
        again = client.get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304
        assert again.content == b""

    def test_drawn_once_then_read_from_its_file(self, client, seeded):
        dispatch = _seed(29)
        url = _local(_og(client, dispatch.get_absolute_url())["og:image"])
        before = store.render_count()
        first = client.get(url)
        assert store.render_count() == before + 1
        card = meta.dispatch_card(dispatch)
        stored = store.path_for(f"van-ban-{dispatch.pk}-vi", card)
        assert stored.read_bytes() == first.content
        second = client.get(url)
        assert store.render_count() == before + 1
        assert second.content == first.content

    def test_each_object_and_kind_has_its_image(self, client, seeded):
        urls = [
            _og(client, obj.get_absolute_url())["og:image"]
            for obj in (_seed(1153), ScamPattern.objects.first(), Organisation.objects.first())
        ]
        images = [client.get(_local(url)) for url in urls]
        assert [response.status_code for response in images] == [200, 200, 200]
        assert len({response.content for response in images}) == 3
        assert all(_png(response).size == (1200, 630) for response in images)

    def test_a_correction_gives_a_new_image_and_the_old_address_leads_to_it(self, client, seeded):
        dispatch = _seed(1153)
        old_url = _local(_og(client, dispatch.get_absolute_url())["og:image"])
        old_png = client.get(old_url).content
        correct_dispatch(
            dispatch=dispatch,
            by=None,
            changes={"subject": "tuyên truyền thủ đoạn lừa đảo “Sổ liên lạc điện tử” (sửa)"},
            reason="Sai trích yếu",
        )
        new_url = _local(_og(client, dispatch.get_absolute_url())["og:image"])
        assert new_url != old_url
        new_png = client.get(new_url).content
        assert new_png != old_png
        moved = client.get(old_url)
        assert (moved.status_code, moved["Location"]) == (302, new_url)
        folder = store.path_for("x", meta.dispatch_card(dispatch)).parent
        kept = [path.name for path in folder.glob(f"van-ban-{dispatch.pk}-vi-*.png")]
        assert kept == [f"van-ban-{dispatch.pk}-vi-{new_url.split('/')[-1]}"]  # the old one went

    def test_a_correction_of_what_the_image_does_not_show_keeps_its_address(self, client, seeded):
        """Platforms keep an image by its address: an unchanged image keeps it."""
        dispatch = _seed(1153)
        url = _og(client, dispatch.get_absolute_url())["og:image"]
        correct_dispatch(
            dispatch=dispatch, by=None, changes={"closing": "Trân trọng."}, reason="Thêm câu"
        )
        assert _og(client, dispatch.get_absolute_url())["og:image"] == url

    def test_withdrawal_gives_a_new_image_that_says_so(self, client, db):
        dispatch = DispatchFactory()
        published = client.get(_local(_og(client, dispatch.get_absolute_url())["og:image"]))
        withdraw_dispatch(
            dispatch=dispatch, by=None, reason="Ban hành nhầm", on=timezone.localdate()
        )
        dispatch.refresh_from_db()
        url = _og(client, dispatch.get_absolute_url())["og:image"]
        assert meta.dispatch_card(dispatch).stamp == "Đã thu hồi"
        assert url.endswith(f"/{meta.dispatch_card(dispatch).version}.png")
        withdrawn = client.get(_local(url))
        assert withdrawn.status_code == 200
        # The band at the top turns from the portal's red to grey, and the stamp is drawn in
        # red where the published image has plain white (colours within the palette's rounding).
        assert _near(_png(published), (5, 5), (155, 28, 28))
        assert _near(_png(withdrawn), (5, 5), (55, 65, 81))
        assert _near(_png(published), (1130, 120), (255, 255, 255))
        assert _near(_png(withdrawn), (1130, 120), (155, 28, 28))

    def test_draft_unknown_and_bad_addresses_are_404(self, client, db):
        draft = DispatchFactory(draft=True)
        version = meta.dispatch_card(Dispatch.objects.select_related("issuer").get(pk=draft.pk))
        url = reverse("advisories:dispatch_image", args=[draft.pk, version.version])
        assert client.get(url).status_code == 404
        missing = reverse("advisories:dispatch_image", args=[draft.pk + 1000, "0" * 16])
        assert client.get(missing).status_code == 404
        assert client.get(reverse("advisories:pattern_image", args=[999, "x"])).status_code == 404
        unknown = reverse("advisories:organisation_image", args=[999, "x"])
        assert client.get(unknown).status_code == 404
        assert client.get("/anh-chia-se/van-ban/1/abc.gif").status_code == 404

    def test_only_get_and_head(self, client, seeded):
        url = _local(_og(client, _seed(29).get_absolute_url())["og:image"])
        assert client.head(url).status_code == 200
        assert client.post(url).status_code == 405


def _dispatch_with_patterns(count):
    issuer = OrganisationFactory()
    patterns = [ScamPatternFactory() for _ in range(count)]
    dispatch = DispatchFactory(issuer=issuer, draft=True)
    save_draft_parts(dispatch=dispatch, by=None, scam_patterns=patterns)
    dispatch = publish_dispatch(dispatch=dispatch, track_receipts=False)
    for _ in range(count):
        DispatchFactory(issuer=issuer)
    return Dispatch.objects.select_related("issuer").get(pk=dispatch.pk), patterns[0], issuer


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    """The image of each kind is one query, drawn or read; the pages keep their count."""
    counts = []
    for size in (3, 30):
        dispatch, pattern, issuer = _dispatch_with_patterns(size)
        measured = []
        for page in (dispatch, pattern, issuer):
            measured.append(_queries(client, page.get_absolute_url()))
            image = _local(_og(client, page.get_absolute_url())["og:image"])
            with django_assert_max_num_queries(1):
                client.get(image)  # drawn
            measured.append(_queries(client, image))  # read from its file
        counts.append(measured)
    assert counts[0] == counts[1]
