"""Backup and restore of the portal's own data (advisories, staff accounts, their TOTP devices).

A backup is a Django fixture (JSON, natural keys for permissions and content types, so it loads
into any freshly migrated database, SQLite or PostgreSQL) plus a manifest with the row count and
a SHA-256 of every model's rows; a restore loads it in one transaction and checks the manifest.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test.utils import override_settings

# In dependency order (loaddata does not care, the manifest reads better).
BACKED_UP = ["auth.group", "auth.user", "otp_totp.totpdevice", "advisories"]


def backed_up_models():
    models = []
    for label in BACKED_UP:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return models


def to_whole_milliseconds(value):
    """A time as the backup file keeps it. The JSON serialiser cuts 12:00:00.000500 to
    "12:00:00.000", which loads back as 12:00:00 and prints as "12:00:00": hashing the serialised
    text would then call a faithful restore different, once in about a thousand times."""
    if isinstance(value, datetime.datetime | datetime.time):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def fingerprint() -> dict[str, dict]:
    """Per model: the number of rows and a SHA-256 of their content, in pk order, with times to
    the millisecond (as in the backup file) and many-to-many values in a canonical order."""
    result = {}
    for model in backed_up_models():
        rows = model._default_manager.order_by("pk")
        data = serializers.serialize("python", rows, use_natural_foreign_keys=True)
        for row in data:
            for key, value in row["fields"].items():
                if isinstance(value, list):  # many-to-many values come in database order
                    value = sorted(value, key=lambda item: json.dumps(item, cls=DjangoJSONEncoder))
                row["fields"][key] = to_whole_milliseconds(value)
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
        result[model._meta.label] = {
            "count": len(data),
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
        }
    return result


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def backup(path: Path) -> dict[str, dict]:
    """Write the fixture and its manifest; return the fingerprint written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():  # one consistent snapshot (REPEATABLE READ on PostgreSQL)
        call_command(
            "dumpdata",
            *BACKED_UP,
            natural_foreign=True,
            output=str(path),
            indent=None,
            verbosity=0,
        )
        prints = fingerprint()
    manifest_path(path).write_text(json.dumps(prints, indent=2, sort_keys=True))
    return prints


class RestoreMismatch(Exception):
    """The restored data differs from what the manifest says was backed up."""


def restore(path: Path) -> dict[str, dict]:
    """Load the fixture in one transaction; roll back if the result differs from the manifest."""
    expected = None
    if manifest_path(path).exists():
        expected = json.loads(manifest_path(path).read_text())
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        # The roles `migrate` created are replaced by the backup's (same names, its ids), and the
        # history is restored as saved, not written anew while the rows load.
        apps.get_model("auth.group")._default_manager.all().delete()
        call_command("loaddata", str(path), verbosity=0)
        prints = fingerprint()
        if expected is not None and prints != expected:
            differing = sorted(k for k in expected if prints.get(k) != expected[k])
            raise RestoreMismatch(f"the restored data differs from the backup: {differing}")
    return prints


def has_data() -> bool:
    """True when the database holds rows a restore would collide with. The staff roles (groups)
    do not count: `migrate` itself creates them, and the backup carries the same ones."""
    group = apps.get_model("auth.group")
    return any(m._default_manager.exists() for m in backed_up_models() if m is not group)
