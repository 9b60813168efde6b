"""Daily open-data files: CSV and JSON of published advisories and of the signs they name, with
the licence; written by export_open_data, or on the first request of the day."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_folder(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path


def _download(client, name):
    response = client.get(reverse("advisories:open_data_file", args=[name]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content).decode()


def test_the_page_lists_the_files_and_the_licence(client, seeded):
    page = client.get(reverse("advisories:open_data")).content.decode()
    for name in ("van-ban.csv", "van-ban.json", "dau-hieu.csv", "dau-hieu.json"):
        assert name in page
    assert "CC BY 4.0" in page


def test_the_advisories_csv_and_json_hold_every_public_advisory(client, seeded):
    text = _download(client, "van-ban.csv")
    assert text.startswith("# ") and "CC BY 4.0" in text.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO("\n".join(text.splitlines()[1:]))))
    assert {r["reference"] for r in rows} >= {"1153/UBND-KGVX", "2152/SYT-CNTTTT"}
    data = json.loads(_download(client, "van-ban.json"))
    assert "CC BY 4.0" in data["licence"] and len(data["items"]) == len(rows)


def test_the_signs_file_holds_the_seed_app_name(client, seeded):
    data = json.loads(_download(client, "dau-hieu.json"))
    sign = next(i for i in data["items"] if i["value"] == "so lien lac dien tu")
    assert sign["kind"] == "app" and sign["advisories"] == 2


def test_the_daily_command_writes_every_file(seeded, tmp_path, capsys):
    call_command("export_open_data")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dau-hieu.csv",
        "dau-hieu.json",
        "van-ban.csv",
        "van-ban.json",
    ]


def test_an_unknown_file_is_404(client, db):
    for name in ("settings.py", "..%2Fsettings.py", "van-ban.xml"):
        assert client.get(f"/du-lieu-mo/{name}").status_code == 404
