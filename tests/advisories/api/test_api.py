"""The open-data API: advisories with the search filters and a cursor, one advisory with its
chain and indicators, patterns, organisations, the check; OpenAPI 3 document and docs; ETag/304,
Cache-Control, CORS, per-client limits; bad parameters a 400 in Vietnamese, never a 500."""

import base64
import binascii
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from advisories.forms import SearchForm
from advisories.indicators.check import clean_query
from advisories.indicators.normalize import readings
from advisories.models import Dispatch
from tests.factories import DispatchFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def get(client, path, status=200, **params):
    response = client.get(path, params)
    assert response.status_code == status, response.content[:400]
    return response


def test_the_seed_advisories_are_listed_with_absolute_links(client, seeded, settings):
    settings.SITE_URL = "https://canhbao.example.vn"
    data = get(client, "/api/v1/advisories").json()
    references = {item["reference"] for item in data["items"]}
    assert {"1153/UBND-KGVX", "2152/SYT-CNTTTT", "29/TTYT-DS.TTGDSK"} <= references
    assert all(item["url"].startswith("https://canhbao.example.vn/") for item in data["items"])


def test_the_cursor_walks_every_advisory_once(client, db):
    issuer = OrganisationFactory()
    made = {DispatchFactory(issuer=issuer).pk for _ in range(7)}
    seen, cursor = [], ""
    while True:
        data = get(client, "/api/v1/advisories", limit=3, cursor=cursor).json()
        seen += [item["id"] for item in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


def test_filters_are_the_search_pages(client, seeded):
    data = get(client, "/api/v1/advisories", coquan="so-y-te-an-giang").json()
    # the organisation and its units: 2152 of Sở Y tế, 29 of its health centre
    assert {i["reference"] for i in data["items"]} == {"2152/SYT-CNTTTT", "29/TTYT-DS.TTGDSK"}
    searched = get(client, "/api/v1/advisories", q="so lien lac dien tu").json()
    assert "1153/UBND-KGVX" in {i["reference"] for i in searched["items"]}
    assert searched["total"] >= 3


def test_one_advisory_has_its_chain_and_indicators(client, seeded):
    dispatch = Dispatch.objects.get(number=2152)
    data = get(client, f"/api/v1/advisories/{dispatch.pk}").json()
    assert [link["reference"] for link in data["chain"]] == [
        "1153/UBND-KGVX",
        "2152/SYT-CNTTTT",
        "29/TTYT-DS.TTGDSK",
    ]
    assert {"kind": "app", "value": "so lien lac dien tu", "display": "Sổ liên lạc điện tử"} in (
        data["indicators"]
    )


def test_a_wrong_type_is_a_vietnamese_400(client, db):
    body = get(client, "/api/v1/advisories", status=400, limit="abc").json()
    assert body["detail"] == "Tham số không hợp lệ." and "limit" in body["errors"]


def test_a_draft_is_not_there(client, db):
    draft = DispatchFactory(draft=True)
    assert get(client, f"/api/v1/advisories/{draft.pk}", status=404).json()["detail"]


def test_patterns_organisations_and_the_check(client, seeded):
    patterns = get(client, "/api/v1/patterns").json()
    assert any(p["slug"] == "gia-danh-nha-truong-so-lien-lac-dien-tu" for p in patterns)
    organisations = get(client, "/api/v1/organisations", tinh="An Giang").json()
    assert all(o["province"] == "An Giang" for o in organisations["items"])
    check = get(client, "/api/v1/check", q="113").json()
    assert "cong-an-tinh-an-giang" in {o["slug"] for o in check["official_for"]}
    assert "không có nghĩa là an toàn" in check["note"]


def test_the_openapi_document_describes_every_operation(client):
    document = get(client, "/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/v1/advisories", "/api/v1/advisories/{advisory_id}", "/api/v1/check"):
        assert path in document["paths"]
    docs = get(client, "/api/v1/docs/")
    assert "/api/v1/advisories" in docs.content.decode()
    assert "<script" not in docs.content.decode().split("</head>")[1]


def test_etag_304_cache_control_and_cors(client, seeded):
    first = get(client, "/api/v1/patterns")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in first["Cache-Control"]
    again = client.get("/api/v1/patterns", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    preflight = client.options("/api/v1/patterns", HTTP_ORIGIN="https://other.example")
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]


def test_a_client_past_its_limit_gets_429_with_retry_after(settings, db):
    settings.API_REQUESTS_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert client.get("/api/v1/patterns").status_code == 200
    refused = client.get("/api/v1/patterns")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/v1/patterns").status_code == 200


def test_the_list_holds_a_fixed_number_of_queries(client, db):
    issuer = OrganisationFactory()
    counts = []
    for size in (3, 30):
        for _ in range(size):
            DispatchFactory(issuer=issuer)
        with CaptureQueriesContext(connection) as ctx:
            get(client, "/api/v1/advisories", limit=50)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(["/api/v1/advisories", "/api/v1/organisations", "/api/v1/check"]),
    name=st.sampled_from(
        ["q", "coquan", "tinh", "thudoan", "nam", "loai", "trangthai", "cursor", "limit"]
    ),
    value=st.text(max_size=200).map(
        lambda t: t.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    ),
)
def test_any_parameter_is_answered_or_refused_never_a_500(path, name, value):
    client = Client(REMOTE_ADDR="198.18.0.1")
    params = {name: value}
    if path.endswith("check") and name != "q":
        params["q"] = "0912345678"
    response = client.get(path, params)
    assert response.status_code == expected_status(path, name, value), response.content[:300]
    if response.status_code == 400 and "\x00" not in value:
        body = json.loads(response.content)
        assert body.get("detail")


def _issued_cursor(text: str) -> bool:
    """Whether `text` is a cursor as the API writes one: the unpadded base64url of an id (a
    decimal number without a sign or leading zeros) that a database integer holds."""
    try:
        digits = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (ValueError, binascii.Error):
        return False
    return (
        digits.isdigit()
        and digits == str(int(digits)).encode()
        and int(digits) < 2**63
        and base64.urlsafe_b64encode(digits).decode().rstrip("=") == text
    )


def _limit_ok(text: str) -> bool:
    """limit: what pydantic reads as an integer (the API's declared type), from 1 to 100."""
    try:
        return 1 <= TypeAdapter(int).validate_python(text) <= 100
    except PydanticValidationError:
        return False


def expected_status(path: str, name: str, value: str) -> int:
    """The one status a GET of `path` with `name`=`value` gets. A NUL byte: 400 before any view
    (portal middleware). /check reads q as the check page does (200 when it reads as a sign,
    other parameters are not its own); limit and cursor as declared above; /organisations takes
    any tinh; the advisories' filters are the search page's, valid as its form says."""
    if "\x00" in value:
        return 400
    if path.endswith("/check"):
        if name != "q":
            return 200
        cleaned = clean_query(value)
        return 200 if len(value) <= 400 and cleaned and readings(cleaned) else 400
    if name == "limit":
        return 200 if _limit_ok(value) else 400
    if name == "cursor":
        return 200 if not value or _issued_cursor(value) else 400
    if path.endswith("/organisations"):
        return 200
    return 200 if SearchForm({name: value}).is_valid() else 400


@pytest.mark.parametrize(
    ("path", "name", "value", "status"),
    [
        ("/api/v1/advisories", "limit", "100", 200),
        ("/api/v1/advisories", "limit", "101", 400),
        ("/api/v1/advisories", "cursor", "MTIz", 200),  # base64url of "123"
        ("/api/v1/advisories", "cursor", "MDEy", 400),  # "012": not as the API writes it
        ("/api/v1/advisories", "cursor", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5", 400),  # 9 × 21: too large
        ("/api/v1/organisations", "cursor", "LTE", 400),  # "-1"
        ("/api/v1/advisories", "nam", "2025", 200),
        ("/api/v1/advisories", "nam", "1800", 400),
        ("/api/v1/advisories", "thudoan", "khong-co", 400),
        ("/api/v1/check", "q", "!!!", 400),
        ("/api/v1/check", "q", "0912 345 678", 200),
    ],
)
def test_the_expected_status_is_what_the_api_answers(client, path, name, value, status):
    assert expected_status(path, name, value) == status
    params = {name: value} | ({"q": "0912345678"} if name != "q" and "check" in path else {})
    assert client.get(path, params).status_code == status
