"""Shared fixtures: the real seed data, and factories for data of any size."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The four real seed dispatches with their organisations and scam patterns."""
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def admin_client_logged_in(client, db):
    from tests.factories import SuperuserFactory

    user = SuperuserFactory(username="quantri", email="qt@example.vn")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Accounts are made in many tests; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first: no manifest needed."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def _share_images_out_of_the_work_tree(settings, tmp_path_factory):
    """Preview images drawn by a test go to pytest's temporary folder, never into var/."""
    settings.SHARE_IMAGE_DIR = tmp_path_factory.getbasetemp() / "share-images"


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, whose requests take turns on SQLite's shared connection
    (tests/live_server.py)."""
    import os
    from unittest import mock

    from pytest_django.live_server_helper import LiveServer

    from tests.live_server import OneRequestAtATimeServerThread

    address = request.config.getvalue("liveserver") or os.getenv(
        "DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"
    )
    with mock.patch("django.test.testcases.LiveServerThread", OneRequestAtATimeServerThread):
        server = LiveServer(address)
    yield server
    server.stop()


def seed_receipts():
    """Receipts for 29/TTYT-DS.TTGDSK: deliveries, one confirmed with a directive report, and a
    staff account of that unit (a clerk, "vanthu-tram"). Returns the confirmed delivery."""
    from advisories.models import Delivery, Dispatch
    from advisories.services import (
        confirm_receipt,
        issue_token,
        report_directive,
        start_receipt_tracking,
    )
    from tests.factories import StaffUserFactory

    dispatch = Dispatch.objects.get(number=29)
    start_receipt_tracking(dispatch=dispatch)
    delivery = Delivery.objects.filter(dispatch=dispatch).order_by("pk").first()
    confirm_receipt(token=issue_token(delivery=delivery), name="Lê Văn B", position="Văn thư")
    directive = dispatch.directives.filter(assignees=delivery.organisation).first()
    report_directive(delivery=delivery, directive=directive, status="done", by_name="B")
    StaffUserFactory(username="vanthu-tram", organisation=delivery.organisation, role="clerk")
    return delivery


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page rendered by another test's data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


STAFF_PASSWORD = "mat-khau-can-bo-123"


@pytest.fixture
def make_staff(db):
    """make_staff(organisation, role="clerk"|"leader") -> a Client signed in as that account."""
    from django.test import Client

    from advisories.services import create_staff_user

    counter = iter(range(1, 1000))

    def make(organisation, role="clerk", **extra):
        user = create_staff_user(
            username=f"{role}{next(counter)}-{organisation.slug}",
            organisation=organisation,
            role=role,
            password=STAFF_PASSWORD,
            **extra,
        )
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
