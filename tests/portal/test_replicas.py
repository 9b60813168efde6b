"""Read replicas (portal.dbrouter): citizens' pages read from a replica; writes, staff, pages of
personal links, a client that just wrote, commands and migrations use the primary; a replica
that does not answer sends the reads to the primary.

The replica is the primary's test database under another connection (Django's TEST["MIRROR"]),
so the tests tell the two apart by the queries each connection ran. Rows must be committed for
the replica's connection to see them: the tests use the transactional database."""

import copy
import logging
import socket

import pytest
from django.core.management import call_command
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisories.models import Dispatch
from portal import dbrouter
from tests.conftest import seed_receipts

REPLICA = "replica1"
MIDDLEWARE = "portal.dbrouter.ReplicaRoutingMiddleware"


def _add_replica(settings, **overrides):
    """replica1 as DATABASE_REPLICA_URLS would make it: the primary's settings, mirrored in
    tests (as Django's test runner sets up a TEST["MIRROR"] alias)."""
    if REPLICA not in connections.settings:
        primary = connections["default"].settings_dict
        replica = copy.deepcopy(primary)
        replica["TEST"] = {**primary["TEST"], "MIRROR": "default"}
        connections.settings[REPLICA] = replica
        connections[REPLICA].creation.set_as_test_mirror(primary)
    connections[REPLICA].settings_dict.update(overrides)
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_ROUTERS = ["portal.dbrouter.ReplicaRouter"]
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, MIDDLEWARE
        )
        settings.MIDDLEWARE = middleware


def _remove_replica():
    dbrouter._down_until.clear()
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(transactional_db, settings, django_db_blocker):
    _add_replica(settings)
    # The test case refuses connections to an alias it was not declared with, and replica1
    # only exists during these tests: pytest-django's unblock lets every alias connect.
    with django_db_blocker.unblock():
        yield REPLICA
    _remove_replica()


@pytest.fixture
def seeded_replica(replica):
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return replica


class Queries:
    """The queries each connection ran within the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[REPLICA])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


def _dispatch_url():
    return Dispatch.objects.get(number=29).get_absolute_url()


@pytest.mark.parametrize("page", ["/", "/van-ban/", "/tim-kiem/?q=lua+dao", "dispatch"])
def test_a_citizens_page_reads_from_the_replica_only(seeded_replica, client, page):
    url = _dispatch_url() if page == "dispatch" else page
    with Queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0
    assert "ghi-gan-day" not in response.cookies  # a read pins nothing


def test_a_post_writes_and_reads_on_the_primary_then_pins_the_client_there(
    seeded_replica, client, settings
):
    from tests.advisories.alerts.conftest import subscribe_form

    settings.ALERT_SUBSCRIBE_PER_CLIENT = settings.ALERT_SUBSCRIBE_PER_ADDRESS = 1000
    settings.REPLICA_PIN_SECONDS = 7
    with Queries() as queries:
        response = client.post("/nhan-canh-bao/", subscribe_form("dan@example.vn"))
    assert response.status_code == 303
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0
    pin = response.cookies["ghi-gan-day"]
    assert pin["max-age"] == 7
    assert pin["httponly"]

    # The same client's next pages come from the primary: it sees what it just wrote.
    with Queries() as queries:
        assert client.get("/van-ban/").status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0

    # Once the cookie has expired, the replica again.
    del client.cookies["ghi-gan-day"]
    with Queries() as queries:
        assert client.get("/thu-doan/").status_code == 200
    assert len(queries.replica) > 0
    assert len(queries.primary) == 0


def test_staff_read_from_the_primary_in_the_admin_and_on_public_pages(seeded_replica, make_staff):
    from advisories.models import Organisation

    staff = make_staff(Organisation.objects.get(abbreviation="SYT"), role="leader")
    for url in ("/quan-tri/", "/quan-tri/advisories/dispatch/", "/van-ban/"):
        with Queries() as queries:
            assert staff.get(url).status_code == 200
        assert len(queries.primary) > 0, url
        assert len(queries.replica) == 0, url


def test_the_admin_login_page_reads_from_the_primary(replica, client):
    with Queries() as queries:
        assert client.get("/quan-tri/login/").status_code == 200
    assert len(queries.replica) == 0


def test_a_receipt_confirmation_page_reads_from_the_primary(seeded_replica, client):
    from advisories.models import Delivery
    from advisories.services import issue_token

    seed_receipts()
    delivery = Delivery.objects.filter(confirmed_at__isnull=True).order_by("pk").first()
    token = issue_token(delivery=delivery)
    with Queries() as queries:
        response = client.get(f"/xac-nhan/{token}/")
    assert response.status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


def test_commands_the_worker_and_migrations_use_the_primary(seeded_replica):
    assert router.db_for_read(Dispatch) == "default"  # outside a request
    assert router.db_for_write(Dispatch) == "default"
    assert not router.allow_migrate(REPLICA, "advisories")
    assert router.allow_migrate("default", "advisories")
    with Queries() as queries:
        call_command("send_receipt_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("db_worker", batch=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends


@pytest.fixture
def unreachable_replica(transactional_db, settings, django_db_blocker):
    """replica1 at an address nobody answers: a closed port on PostgreSQL, a file in a folder
    that does not exist on SQLite."""
    if connections["default"].vendor == "postgresql":
        _add_replica(settings, HOST="127.0.0.1", PORT=_closed_port())
    else:
        _add_replica(settings, NAME="/nonexistent-folder/replica.sqlite3")
    connections[REPLICA].close()
    with django_db_blocker.unblock():
        yield REPLICA
    _remove_replica()


def test_a_replica_that_does_not_answer_sends_public_reads_to_the_primary(
    unreachable_replica, client, caplog
):
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with caplog.at_level(logging.WARNING, logger="portal.dbrouter"):
        first = client.get("/van-ban/")
        second = client.get(_dispatch_url())
    assert first.status_code == 200
    assert second.status_code == 200
    assert "29/TTYT-DS.TTGDSK" in second.content.decode()
    # One warning, then the replica is skipped (REPLICA_RETRY_SECONDS) without retrying.
    warnings = [r for r in caplog.records if r.name == "portal.dbrouter"]
    assert len(warnings) == 1
    assert "replica1 unavailable" in warnings[0].getMessage()
    # /readyz names it, and stays ready: the primary serves.
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["replicas"] == {REPLICA: "OperationalError"}


def test_a_replica_that_fails_during_a_request_is_read_again_from_the_primary(
    seeded_replica, caplog
):
    client = Client(raise_request_exception=False)
    replica = connections[REPLICA]
    seen = []

    def cut_after_the_first_query(execute, sql, params, many, context):
        seen.append(sql)
        if len(seen) == 2:
            replica.connection.close()  # the replica went away between two queries
        return execute(sql, params, many, context)

    with (
        caplog.at_level(logging.WARNING, logger="portal.dbrouter"),
        replica.execute_wrapper(cut_after_the_first_query),
        Queries() as queries,
    ):
        response = client.get("/van-ban/")
    assert response.status_code == 200
    assert "2152/SYT-CNTTTT" in response.content.decode()
    assert len(seen) == 2  # nothing more asked of the replica
    assert len(queries.primary) > 0
    assert "failed during a request" in caplog.text
    # Skipped for REPLICA_RETRY_SECONDS: the next page is read from the primary at once.
    with Queries() as queries:
        assert client.get("/thu-doan/").status_code == 200
    assert len(queries.replica) == 0


def test_settings_make_replica_aliases_with_the_primarys_options():
    from tests.portal.test_settings import STRONG_KEY, _run

    code = (
        "import json, portal.settings as s; print(json.dumps({'dbs': s.DATABASES, "
        "'replicas': s.DATABASE_REPLICAS, 'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'mw': 'portal.dbrouter.ReplicaRoutingMiddleware' in s.MIDDLEWARE}, default=str))"
    )
    import json

    env = {"SECRET_KEY": STRONG_KEY, "CONN_MAX_AGE": "30"}
    primary = "postgres://portal:pw@db1.internal:5432/portal"
    result = _run(
        code,
        **env,
        DATABASE_URL=primary,
        DATABASE_REPLICA_URLS="postgres://portal:pw@db2.internal:5432/portal,"
        "postgres://portal:pw@db3.internal:5433/portal",
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["replicas"] == ["replica1", "replica2"]
    assert config["routers"] == ["portal.dbrouter.ReplicaRouter"]
    assert config["mw"]
    second = config["dbs"]["replica2"]
    assert (second["HOST"], second["PORT"]) == ("db3.internal", 5433)
    assert second["CONN_MAX_AGE"] == 30
    assert second["CONN_HEALTH_CHECKS"]
    assert second["OPTIONS"] == {"options": "-c jit=off", "connect_timeout": 2}
    assert second["TEST"] == {"MIRROR": "default"}

    # Unset: one database, no router, no middleware.
    result = _run(code, **env, DATABASE_URL=primary)
    config = json.loads(result.stdout)
    assert list(config["dbs"]) == ["default"]
    assert config["replicas"] == []
    assert config["routers"] == []
    assert not config["mw"]
