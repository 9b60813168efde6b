"""Backup and restore: a round trip gives back the same rows, counted and checksummed."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from advisories.audit import record
from advisories.backup import fingerprint
from advisories.models import AuditEvent, Dispatch, Organisation
from tests.factories import DirectiveFactory, DispatchFactory, StaffUserFactory

# Transactional: `flush` cannot TRUNCATE inside the test transaction on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(seeded, django_user_model):
    clerk = StaffUserFactory(username="vanthu", organisation=Organisation.objects.first())
    dispatch = DispatchFactory(subject='dòng có "ngoặc" và\nxuống dòng', draft=True)
    DirectiveFactory(dispatch=dispatch)
    record(AuditEvent.Kind.PUBLISH, user=clerk, target=dispatch)
    return clerk


def test_round_trip_keeps_every_row(data, tmp_path):
    before = fingerprint()
    assert before["advisories.Dispatch"]["count"] == 5  # 4 seed dispatches + 1
    path = tmp_path / "sao-luu" / "portal.json"
    call_command("backup_data", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    manifest = json.loads(path.with_name("portal.json.manifest.json").read_text())
    assert manifest == before

    call_command("flush", interactive=False, verbosity=0)
    assert Dispatch.objects.count() == Organisation.objects.count() == 0

    call_command("restore_data", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert fingerprint() == before
    assert AuditEvent.objects.get(user__isnull=False).user.username == "vanthu"


def test_restore_refuses_a_database_that_holds_data(data, tmp_path):
    path = tmp_path / "portal.json"
    call_command("backup_data", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore_data", str(path))


def test_a_tampered_backup_is_refused_and_nothing_is_loaded(data, tmp_path):
    path = tmp_path / "portal.json"
    call_command("backup_data", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = json.loads(path.read_text())
    for row in rows:
        if row["model"] == "advisories.dispatch":
            row["fields"]["subject"] = "đã bị sửa"
            break
    path.write_text(json.dumps(rows))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="differs from the backup"):
        call_command("restore_data", str(path))
    assert Dispatch.objects.count() == 0


def test_a_time_just_past_a_whole_millisecond_survives_the_round_trip(data, tmp_path):
    """The backup keeps times to the millisecond; a time 0.5 ms past a whole second must not
    then read back as different from the manifest (it once failed one CI run in a few hundred)."""
    dispatch = Dispatch.objects.get(subject__startswith="dòng có")
    just_past = dispatch.history.earliest().history_date.replace(microsecond=500)
    dispatch.history.update(history_date=just_past)
    path = tmp_path / "portal.json"
    call_command("backup_data", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore_data", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    restored = Dispatch.objects.get(subject__startswith="dòng có").history.get()
    assert restored.history_date == just_past.replace(microsecond=0)
