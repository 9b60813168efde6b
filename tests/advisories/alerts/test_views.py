"""The public side of the alerts: the form on the pages, bad input, rate limits, cross-site
posts, and the confirmation and unsubscribe links (without the worker)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisories.alerts.tokens import unsubscribe_token
from advisories.models import AlertSubscription
from advisories.services.alerts import AlertTarget
from tests.factories import OrganisationFactory, ScamPatternFactory

from .conftest import subscribe, subscribe_form

pytestmark = pytest.mark.django_db

URL = "/nhan-canh-bao/"


def test_the_url_names():
    assert reverse("advisories:alerts_subscribe") == URL
    assert reverse("advisories:alerts_unsubscribe", args=["1-ab"]) == "/huy/1-ab/"


def test_the_form_is_on_the_home_pattern_organisation_and_province_pages(client):
    pattern = ScamPatternFactory()
    organisation = OrganisationFactory(province="Nghệ An")
    pages = {
        "/": ('value="all"', ""),
        pattern.get_absolute_url(): ('value="pattern"', pattern.slug),
        organisation.get_absolute_url(): ('value="organisation"', organisation.slug),
        "/co-quan/?tinh=Ngh%E1%BB%87+An": ('value="province"', "Nghệ An"),
    }
    for url, (kind, target) in pages.items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert f'action="{URL}"' in html, url
        assert kind in html and f'name="target" value="{target}"' in html, url
        assert "Ngay lập tức" in html and "Tóm tắt hằng ngày" in html
        assert "Rút lại đồng ý bất cứ lúc nào" in html  # how to withdraw
        assert "Mục đích" in html  # the purpose
        # still a cached public page: no CSRF cookie, no per-visitor token
        assert "csrfmiddlewaretoken" not in html and not response.cookies, url
        assert "public" in response["Cache-Control"], url
    assert 'value="province"' not in client.get("/co-quan/").content.decode()


def test_the_english_page_shows_and_stores_the_english_consent(client, alert_rates):
    page = client.get("/en/nhan-canh-bao/").content.decode()
    assert 'action="/en/nhan-canh-bao/"' in page
    assert "I agree" in page
    response = client.post("/en/nhan-canh-bao/", subscribe_form("me@example.vn"))
    assert response["Location"] == "/en/nhan-canh-bao/da-gui/"
    subscription = AlertSubscription.objects.get()
    assert subscription.language == "en"
    assert subscription.consent_text.startswith("I agree")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "khong-phai-thu"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"email": ""}, "Hãy nhập địa chỉ thư điện tử."),
        ({"email": "a" * 250 + "@example.vn"}, "Địa chỉ thư điện tử quá dài."),
        ({"consent": ""}, "Hãy đánh dấu đồng ý"),
        ({"frequency": "hang-gio"}, "Hãy chọn nhận ngay hay tóm tắt hằng ngày."),
        ({"consent_version": "2000-1"}, "Nội dung đồng ý vừa được cập nhật"),
        ({"target_kind": "pattern", "target": "khong-co"}, "Không có thủ đoạn này."),
        ({"target_kind": "organisation", "target": "khong-co"}, "Không có cơ quan này."),
        ({"target_kind": "province", "target": "Atlantis"}, "Không có cơ quan nào ở tỉnh"),
        ({"target_kind": "planet"}, "Không rõ bạn muốn nhận cảnh báo về điều gì."),
    ],
)
def test_bad_input_gets_a_vietnamese_400_and_nothing_is_stored(
    client, change, message, alert_rates
):
    data = subscribe_form("me@example.vn") | change
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'name="email"' in html  # the form again, to correct
    assert "no-cache" in response["Cache-Control"]
    assert not AlertSubscription.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_bad_address_in_english(client, alert_rates):
    response = client.post("/en/nhan-canh-bao/", subscribe_form("nope"))
    assert response.status_code == 400
    assert "Enter a valid e-mail address" in response.content.decode()


def test_the_same_answer_whether_or_not_the_address_is_known(client, alert_rates):
    subscribe("known@example.vn")
    known = client.post(URL, subscribe_form("known@example.vn"))
    unknown = client.post(URL, subscribe_form("unknown@example.vn"))
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    sent = client.get(known["Location"])
    assert sent.status_code == 200
    assert "Hãy kiểm tra hộp thư" in sent.content.decode()


def test_too_many_requests_for_one_address_get_a_429(settings):
    settings.ALERT_SUBSCRIBE_PER_ADDRESS = 2
    answers = [
        Client(REMOTE_ADDR=f"192.0.2.{i}").post(URL, subscribe_form("Me@example.vn"))
        for i in range(2)
    ]
    assert [a.status_code for a in answers] == [303, 303]
    third = Client(REMOTE_ADDR="192.0.2.9").post(URL, subscribe_form("me@EXAMPLE.vn"))
    assert third.status_code == 429
    assert 0 < int(third["Retry-After"]) <= settings.ALERT_SUBSCRIBE_WINDOW
    assert "Quá nhiều yêu cầu" in third.content.decode()
    # another address from the same client is still served
    assert Client(REMOTE_ADDR="192.0.2.9").post(URL, subscribe_form("b@x.vn")).status_code == 303


def test_too_many_requests_from_one_client_get_a_429_in_english_too(settings):
    settings.ALERT_SUBSCRIBE_PER_CLIENT = 3
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [client.post(URL, subscribe_form(f"n{i}@example.vn")).status_code for i in range(3)]
    assert statuses == [303, 303, 303]
    refused = client.post("/en/nhan-canh-bao/", subscribe_form("n9@example.vn"))
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert "Too many requests" in refused.content.decode()
    assert AlertSubscription.objects.count() == 3
    # garbage counts too: the limit is checked before the form
    assert client.post(URL, {"email": "x"}).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.8").post(URL, subscribe_form("z@x.vn")).status_code == 303


def test_a_post_from_another_site_is_refused(client, alert_rates):
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        response = client.post(URL, subscribe_form("me@example.vn"), headers=headers)
        assert response.status_code == 403, headers
    assert not AlertSubscription.objects.exists()
    same = client.post(
        URL,
        subscribe_form("me@example.vn"),
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    )
    assert same.status_code == 303


def _confirm_path(subscription):
    """A confirmation link issued as the worker issues it."""
    from advisories.alerts.sending import issue_confirm_token

    return reverse(
        "advisories:alerts_confirm", args=[issue_confirm_token(subscription_id=subscription.pk)]
    )


def test_a_confirmation_needs_the_csrf_token_of_its_page():
    subscription = subscribe("me@example.vn", confirm=False)
    path = _confirm_path(subscription)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(path).status_code == 403  # a forged post from elsewhere
    page = browser.get(path)
    token = page.context["csrf_token"]
    assert browser.post(path, {"csrfmiddlewaretoken": str(token)}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_only_the_newest_confirmation_link_works(client):
    subscription = subscribe("me@example.vn", confirm=False)
    old, new = _confirm_path(subscription), _confirm_path(subscription)
    assert client.post(old).status_code == 404
    assert client.post(new).status_code == 200


def test_a_confirmation_link_older_than_the_limit_has_expired(client, settings):
    subscription = subscribe("me@example.vn", confirm=False)
    path = _confirm_path(subscription)
    AlertSubscription.objects.update(
        requested_at=timezone.now() - dt.timedelta(days=settings.ALERT_CONFIRM_DAYS, minutes=1)
    )
    response = client.post(path)
    assert response.status_code == 410
    assert "hết hạn" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_an_unknown_confirmation_link_is_a_404(client):
    response = client.get(reverse("advisories:alerts_confirm", args=["khong-co-ma-nay"]))
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "same-origin"


def test_a_forged_or_foreign_unsubscribe_token_deletes_nothing(client):
    mine = subscribe("me@example.vn")
    other = subscribe("other@example.vn", target=AlertTarget(kind="province", province="An Giang"))
    mine_token = unsubscribe_token(pk=mine.pk, nonce=mine.unsubscribe_nonce)
    forged = [
        mine_token[:-1] + ("0" if mine_token[-1] != "0" else "1"),  # a wrong mac
        f"{other.pk:x}-{mine_token.partition('-')[2]}",  # my mac on another's id
        "zzzzzzzzzzzzzzzzzzzzzz-00",
        "zzzzzzzzzzzzz-00",  # past a bigint: no such row (not an overflow)
        "0-00",
        "khong-hop-le",
    ]
    for token in forged:
        url = reverse("advisories:alerts_unsubscribe", args=[token])
        assert client.post(url).status_code == 404, token
    assert AlertSubscription.objects.count() == 2


def test_an_unsubscribe_link_outlives_a_rotation_of_the_secret_key(client, settings):
    subscription = subscribe("me@example.vn")
    token = unsubscribe_token(pk=subscription.pk, nonce=subscription.unsubscribe_nonce)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    response = client.post(reverse("advisories:alerts_unsubscribe", args=[token]))
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()


def test_unsubscribing_deletes_only_that_subscription(client):
    pattern = ScamPatternFactory()
    everything = subscribe("me@example.vn")
    one_pattern = subscribe("me@example.vn", target=AlertTarget(kind="pattern", pattern=pattern))
    token = unsubscribe_token(pk=one_pattern.pk, nonce=one_pattern.unsubscribe_nonce)
    client.post(reverse("advisories:alerts_unsubscribe", args=[token]))
    assert list(AlertSubscription.objects.all()) == [everything]


def test_the_operator_command_deletes_every_subscription_of_an_address():
    from io import StringIO

    from django.core.management import call_command

    subscribe("me@example.vn")
    subscribe("me@example.vn", target=AlertTarget(kind="province", province="An Giang"))
    subscribe("other@example.vn")
    out = StringIO()
    call_command("unsubscribe_alerts", "ME@example.vn", stdout=out)
    assert "2" in out.getvalue()
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == ["other@example.vn"]


def _queries(client, url, method="get"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_alert_pages_do_not_query_more_with_more_subscribers(django_assert_max_num_queries):
    from django.core.cache import cache

    counts = []
    for size in (3, 30):
        for i in range(size):
            subscribe(
                f"s{size}-{i}@example.vn",
                target=AlertTarget(kind="pattern", pattern=ScamPatternFactory()),
            )
        mine = subscribe(f"me{size}@example.vn", confirm=False)
        cache.clear()  # rendered afresh, not served from the page cache
        client = Client()
        token = unsubscribe_token(pk=mine.pk, nonce=mine.unsubscribe_nonce)
        counts.append(
            (
                _queries(client, URL),
                _queries(client, reverse("advisories:alerts_sent")),
                _queries(client, _confirm_path(mine)),
                _queries(client, reverse("advisories:alerts_unsubscribe", args=[token])),
            )
        )
    assert counts[0] == counts[1]
    assert counts[0][:2] == (0, 0)  # the form's pages need no database at all
    with django_assert_max_num_queries(3):
        Client().get(_confirm_path(mine))
