"""Every URL in the resolver is classified, and every non-public one refuses who may not see it.

A URL that nobody classified fails `test_every_url_is_classified`: whoever adds a view must say
here whether it is public (and why) or staff-only. Staff URLs must send the anonymous to the
login page (or answer 403/404/405), and a staff member without the model's permission must be
refused every object page (403), whatever object is asked for.
"""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from advisories.audit import record
from advisories.models import Attachment, AuditEvent, Delivery, Dispatch, StaffMembership
from advisories.reports.images import CleanImage
from advisories.services import correct_dispatch
from advisories.services.reports import submit_report
from tests.conftest import seed_receipts
from tests.factories import SentAlertFactory, StaffUserFactory, SuperuserFactory

LOGIN = "/quan-tri/login/"

# Public: what a citizen (or a probe) may open without an account. Key: URL name.
PUBLIC = {
    "advisories:home": "trang chủ",
    "advisories:dispatch_list": "danh sách văn bản công khai",
    "advisories:dispatch": "một văn bản công khai (bản nháp: 404)",
    "advisories:dispatch_permalink": "đường dẫn ngắn tới văn bản công khai",
    "advisories:pattern_list": "thủ đoạn lừa đảo",
    "advisories:pattern": "một thủ đoạn",
    "advisories:organisation_list": "cơ quan",
    "advisories:organisation": "một cơ quan",
    "advisories:if_scammed": "bị lừa đảo: làm gì, gọi ai",
    "advisories:search": "tìm kiếm",
    "advisories:dispatch_feed": "nguồn tin Atom của mọi văn bản công khai (hoặc một tỉnh)",
    "advisories:pattern_feed": "nguồn tin Atom của một thủ đoạn",
    "advisories:organisation_feed": "nguồn tin Atom của một cơ quan và đơn vị trực thuộc",
    "advisories:search_feed": "nguồn tin Atom của một tìm kiếm",
    "advisories:feed_redirect_feed": "/feed/ chuyển tới nguồn tin chính",
    "advisories:feed_redirect_rss": "/rss/ chuyển tới nguồn tin chính",
    "advisories:feed_redirect_atom": "/atom.xml chuyển tới nguồn tin chính",
    "sitemap_index": "sitemap.xml: mục lục các trang sơ đồ",
    "sitemap_section": "một trang sơ đồ (địa chỉ công khai)",
    "robots_txt": "robots.txt cho máy tìm kiếm",
    "favicon": "biểu tượng của trang",
    "advisories:attachment": "tệp PDF của văn bản công khai (bản nháp: 404)",
    "advisories:dispatch_image": "ảnh xem trước khi chia sẻ văn bản công khai (bản nháp: 404)",
    "advisories:pattern_image": "ảnh xem trước khi chia sẻ một thủ đoạn",
    "advisories:organisation_image": "ảnh xem trước khi chia sẻ một cơ quan",
    "healthz": "thăm dò sống",
    "readyz": "thăm dò sẵn sàng (không lộ dữ liệu)",
    "security_txt": "cách báo lỗ hổng bảo mật (RFC 9116)",
    "advisories:receipt_confirm": "xác nhận đã nhận bằng đường dẫn riêng (mã bí mật, POST + CSRF)",
    "advisories:check": "kiểm tra số điện thoại, đường link",
    "advisories:report": "phản ánh lừa đảo (không cần tài khoản)",
    "advisories:report_lookup": "tra cứu, rút phản ánh bằng mã (POST)",
    "advisories:open_data": "dữ liệu mở",
    "advisories:statistics": "thống kê",
    "advisories:statistics_csv": "thống kê (CSV)",
    "advisories:open_data_file": "tệp dữ liệu mở (CSV, JSON)",
    "api_docs": "tài liệu API",
    "api:api-root": "gốc của API",
    "api:openapi-json": "tài liệu OpenAPI 3",
    "api:advisories": "API: văn bản",
    "api:advisory": "API: một văn bản công khai (bản nháp: 404)",
    "api:patterns": "API: thủ đoạn",
    "api:organisations": "API: cơ quan",
    "api:check": "API: kiểm tra",
    "advisories:alerts_subscribe": "đăng ký nhận cảnh báo (giới hạn tần suất, xác nhận 2 bước)",
    "advisories:alerts_sent": "đã gửi thư xác nhận đăng ký",
    "advisories:alerts_confirm": "xác nhận đăng ký (đường dẫn trong thư, mã bí mật, POST + CSRF)",
    "advisories:alerts_unsubscribe": "hủy nhận cảnh báo bằng đường dẫn trong thư (mã bí mật, POST)",
    "admin:login": "trang đăng nhập của cán bộ",
    "admin:logout": "đăng xuất (POST)",
}
# Staff-only: everything under the admin except its login and logout, and the units' inbox.
STAFF_PREFIXES = ("admin:", "advisories:inbox")
# Sample values for the regex routes of the admin.
REGEX_SAMPLES = {
    "quan-tri/^(?P<app_label>": "quan-tri/advisories/",
    "quan-tri/(?P<url>.*)$": "quan-tri/khong-co-trang-nay/",
    "api/v1/advisories/<advisory_id>": "api/v1/advisories/1",
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if pattern.name else None
            if name and not namespace:
                name = pattern.name
            yield name, prefix + str(pattern.pattern)


ALL_URLS = list(_walk(get_resolver().url_patterns))


def _is_public(name):
    return name in PUBLIC


def _is_staff(name, route):
    if name is None:  # the admin's unnamed object-redirect and catch-all routes
        return route.startswith("quan-tri/")
    return name.startswith(STAFF_PREFIXES) and not _is_public(name)


def test_every_url_is_classified():
    unclassified = [
        (name, route)
        for name, route in ALL_URLS
        if not _is_public(name) and not _is_staff(name, route)
    ]
    assert unclassified == [], "classify these URLs in tests/portal/test_url_access.py"


def test_the_public_list_names_only_existing_urls():
    assert set(PUBLIC) <= {name for name, _ in ALL_URLS}


def _model_of(route):
    match = re.match(r"quan-tri/(?P<app>[a-z_]+)/(?P<model>[a-z_]+)/", route)
    if not match:
        return None
    try:
        return apps.get_model(match["app"], match["model"])
    except LookupError:
        return None


def _concrete(route, objects):
    """A path for `route` with real ids of existing objects where the route takes one."""
    for start, sample in REGEX_SAMPLES.items():
        if route.startswith(start):
            return "/" + sample
    model = _model_of(route)
    obj = objects.get(model)
    pk = str(obj.pk) if obj is not None else "1"
    path = re.sub(r"<path:content_type_id>", str(_content_type_id(model)), route)
    path = re.sub(r"<(?:path:|int:)?(?:object_id|pk|id)>", pk, path)
    path = re.sub(r"<(?:slug|str|path):\w+>", "x", path)
    path = re.sub(r"<int:\w+>", "1", path)
    assert "<" not in path and "(?P" not in path, route
    return "/" + path


def _content_type_id(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model or Dispatch).pk


@pytest.fixture
def objects(seeded, settings, tmp_path):
    """One object of every model the admin shows, so object URLs point at something real."""
    settings.MEDIA_ROOT = tmp_path
    owner = SuperuserFactory(username="chu", email="chu@example.vn", password="mat-khau-dai-1")
    Group.objects.get_or_create(name="Văn thư")
    TOTPDevice.objects.create(user=owner, name="điện thoại")
    dispatch = Dispatch.objects.first()
    Attachment.objects.create(dispatch=dispatch, title="tệp", file="attachments/x.pdf")
    record(AuditEvent.Kind.PUBLISH, target=dispatch)
    access = {"user_agent": "t", "ip_address": "192.0.2.1", "username": "chu", "path_info": "/"}
    AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**access)
    AccessFailureLog.objects.create(**access)
    seed_receipts()
    submit_report(
        channel="call",
        province="An Giang",
        consent_text="Tôi đồng ý …",
        screenshots=[CleanImage(b"jpeg", 1, 1)],
    )
    SentAlertFactory(dispatch=dispatch)
    correct_dispatch(
        dispatch=Dispatch.objects.get(number=29),
        by=None,
        changes={"place": "Đặc khu Kiên Hải"},
        reason="Thử",
    )
    found = {}
    for _, route in ALL_URLS:
        model = _model_of(route)
        if model is not None and model not in found:
            found[model] = model._default_manager.first()
    missing = [m.__name__ for m, obj in found.items() if obj is None]
    assert missing == [], f"no object to test the admin pages of {missing}"
    return found


def _refused(response):
    if response.status_code == 302:
        return response.headers["Location"].startswith(LOGIN)
    return response.status_code in {403, 404, 405}


STAFF_URLS = [(name, route) for name, route in ALL_URLS if _is_staff(name, route)]


@pytest.mark.django_db
def test_staff_urls_refuse_the_anonymous(client, objects):
    assert len(STAFF_URLS) > 50
    accepted = []
    for name, route in STAFF_URLS:
        path = _concrete(route, objects)
        for method in (client.get, client.post):
            response = method(path)
            if not _refused(response):
                accepted.append((name, path, method.__name__, response.status_code))
    assert accepted == []


@pytest.mark.django_db
def test_staff_without_permission_is_refused_every_object_page(client, objects):
    """A clerk without the model's permissions gets 403 on any object page, not the object."""
    clerk = StaffUserFactory(username="vanthu")
    clerk.groups.clear()  # an administrator took the role away: staff, but no permissions
    client.force_login(clerk)
    accepted = []
    for name, route in STAFF_URLS:
        if "object_id" not in route and "<int:pk>" not in route and "<id>" not in route:
            continue
        path = _concrete(route, objects)
        response = client.get(path)
        if response.status_code == 200:
            accepted.append((name, path))
    assert accepted == []


@pytest.mark.django_db
def test_public_urls_answer_the_anonymous_without_error(client, objects):
    for name, route in ALL_URLS:
        if not _is_public(name) or name == "admin:logout":
            continue
        path = _concrete(route, objects)
        response = client.get(path)
        assert response.status_code < 500, (name, path)


@pytest.mark.django_db
def test_unit_inbox_refuses_another_units_delivery(client, objects):
    """A unit's staff account sees its own deliveries, never another unit's (404, unchanged)."""
    own = StaffMembership.objects.select_related("organisation").get(user__username="vanthu-tram")
    client.force_login(own.user)
    other = (
        Delivery.objects.exclude(organisation=own.organisation)
        .filter(confirmed_at__isnull=True)
        .first()
    )
    mine = Delivery.objects.get(organisation=own.organisation, dispatch=other.dispatch)
    assert client.get(reverse("advisories:inbox_delivery", args=[mine.pk])).status_code == 200
    url = reverse("advisories:inbox_delivery", args=[other.pk])
    assert client.get(url).status_code == 404
    posted = client.post(url, {"action": "confirm", "name": "Kẻ lạ", "position": "Giả mạo"})
    assert posted.status_code == 404
    other.refresh_from_db()
    assert other.confirmed_at is None
