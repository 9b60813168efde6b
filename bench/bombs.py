"""How long each path takes to refuse a crafted file (tests/pdfs.py), and what it says.

    .venv/bin/python bench/bombs.py            # every bomb on every path
    .venv/bin/python bench/bombs.py --before   # also the old in-process reads (minutes)

Paths, each the way the portal runs it:
  - command: `manage.py parse_dispatch FILE --json` as a process (exit status, stderr);
  - import: a clerk's POST of the file to the admin's "Nhập từ văn bản" (Django's test client,
    a throw-away database as bench/receipts.py makes);
  - attachment: the same clerk adding it to a draft in the "Tệp đính kèm" inline;
  - pasted text: the import of a header line repeated to the form's 200,000 characters;
  - body limit: an anonymous 30 MB multipart POST to the login (how much of it was read).
Printed: wall seconds, CPU seconds of the child processes (the sandbox's), the outcome.
`--before` adds what the old code did in the worker itself: pypdf's `len(reader.pages)` (the
attachment check) and `extract_text` without limits (the import), on the 5,000-page file only
unless `--all-before` (the 50,000-page one took 208 s).
"""

import argparse
import io
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throw-away database

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from tests import pdfs  # noqa: E402

BOMBS = {
    "50,000 pages, one content stream": lambda: pdfs.page_bomb(50_000),
    "5,000 pages, one content stream": lambda: pdfs.page_bomb(5_000),
    "50,000 pages, /Count says 1": pdfs.lying_page_bomb,
    "50,000 nested dictionaries": pdfs.nested_dictionaries_bomb,
    "10-gigapixel image in a PDF": pdfs.huge_image_pdf,
    "10-gigapixel PNG": pdfs.huge_png,
    "100 pages of heavy content": pdfs.heavy_text_pdf,
    "content inflating to 70 MB": pdfs.inflating_pdf,
}


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action):
    """(wall seconds, child CPU seconds, outcome) of action()."""
    cpu, started = child_cpu(), time.perf_counter()
    outcome = action()
    return time.perf_counter() - started, child_cpu() - cpu, outcome


def short(text: str, width: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def report(path: str, name: str, figures) -> None:
    wall, cpu, outcome = figures
    print(f"{path:<11} {name:<34} {wall:7.2f} s {cpu:7.2f} s  {short(outcome)}", flush=True)


def command(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "parse_dispatch", handle.name, "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.stdout[:60]
    return f"exit {done.returncode}: {last}"


def form_outcome(response) -> str:
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    context = response.context
    form = context.get("form") if context else None
    if form is not None and form.errors:
        return f"refused: {' '.join(str(e) for v in form.errors.values() for e in v)}"
    errors = context.get("errors") if context else None
    if errors:
        return f"refused: {' '.join(str(e) for e in errors)}"
    return "accepted"


def clerk_client():
    from advisories.models import Organisation
    from advisories.services import create_staff_user

    organisation = Organisation.objects.create(name="Sở Y tế", slug="so-y-te-bench")
    user = create_staff_user(
        username="vanthu-bench", organisation=organisation, role="clerk", password=None
    )
    client = Client()
    client.force_login(user)
    return client, organisation


def attach(client, organisation, data: bytes) -> tuple[float, str]:
    from advisories.models import Attachment
    from tests.admin_forms import change_form_data
    from tests.factories import DispatchFactory

    dispatch = DispatchFactory(draft=True, issuer=organisation)
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    page = client.get(url)
    form = change_form_data(page)
    inline = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Attachment
    )
    prefix = inline.prefix
    form[f"{prefix}-TOTAL_FORMS"] = int(form[f"{prefix}-TOTAL_FORMS"]) + 1
    form[f"{prefix}-0-title"] = "Công văn"
    form[f"{prefix}-0-file"] = SimpleUploadedFile("cong-van.pdf", data, "application/pdf")
    started = time.perf_counter()
    response = client.post(url, form)
    took = time.perf_counter() - started
    if response.status_code == 302:
        return took, "accepted"
    page = response.content.decode()
    marker = page.find("<li>", page.find('class="errorlist'))
    text = page[marker + 4 : page.find("</li>", marker)] if marker >= 0 else "?"
    return took, "refused: " + text


def body_limit() -> str:
    class Zeros(io.RawIOBase):
        read_bytes = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"\0" * len(buffer)
            Zeros.read_bytes += len(buffer)
            return len(buffer)

    response = Client().generic(
        "POST",
        "/quan-tri/login/",
        content_type="multipart/form-data; boundary=x",
        **{"wsgi.input": Zeros(), "CONTENT_LENGTH": str(30 * 1024 * 1024)},
    )
    return f"HTTP {response.status_code}, {Zeros.read_bytes} bytes of the body read"


def before(names) -> None:
    from pypdf import PdfReader

    from advisories.parsing import extract_text

    print("\nThe old reads, in the worker itself (no limit):", flush=True)
    for name in names:
        data = BOMBS[name]()
        pages = lambda data=data: f"{len(PdfReader(io.BytesIO(data)).pages)} pages"  # noqa: E731
        report("pypdf len", name, timed(pages))
        report("extract", name, timed(lambda data=data: f"{len(extract_text(data))} characters"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", action="store_true", help="also the old in-process reads")
    parser.add_argument("--all-before", action="store_true", help="… on every bomb (minutes)")
    args = parser.parse_args()

    print(
        f"PDF_MAX_PAGES={settings.PDF_MAX_PAGES} ATTACHMENT_MAX_PAGES="
        f"{settings.ATTACHMENT_MAX_PAGES} IMAGE_MAX_PIXELS={settings.IMAGE_MAX_PIXELS} "
        f"PARSE_TIMEOUT_SECONDS={settings.PARSE_TIMEOUT_SECONDS} "
        f"PARSE_MEMORY_MB={settings.PARSE_MEMORY_MB}; {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'path':<11} {'file':<34} {'wall':>9} {'child CPU':>9}  outcome")
    for name, build in BOMBS.items():
        report("command", name, timed(lambda build=build: command(build())))

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = tempfile.mkdtemp()
    # Pages render without collectstatic (as in the tests): no manifest needed.
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client, organisation = clerk_client()
        url = reverse("admin:advisories_dispatch_import")
        for name, build in BOMBS.items():
            data = build()
            report(
                "import",
                name,
                timed(
                    lambda data=data: form_outcome(
                        client.post(url, {"pdf": SimpleUploadedFile("a.pdf", data)})
                    )
                ),
            )
        for name, build in BOMBS.items():
            data = build()
            cpu = child_cpu()
            took, outcome = attach(client, organisation, data)
            report("attachment", name, (took, child_cpu() - cpu, outcome))
        line = ("UBND TỈNH AN GIANG " * 10_600)[:200_000]
        report(
            "pasted",
            "header line × 10,600 (200,000 chars)",
            timed(lambda: form_outcome(client.post(url, {"text": line}))),
        )
        report("body limit", "30 MB POST to the login", timed(body_limit))
    finally:
        connection.creation.destroy_test_db(db_name, verbosity=0)

    if args.before or args.all_before:
        names = list(BOMBS) if args.all_before else ["5,000 pages, one content stream"]
        before([n for n in names if "PNG" not in n])


if __name__ == "__main__":
    main()
