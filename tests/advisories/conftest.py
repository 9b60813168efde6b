"""Fixtures for receipt confirmation: real mail files in a temporary folder, and the real task
worker (django-tasks-db's `db_worker --batch`) run in this process against the test database."""

import email
import email.policy
import re
import signal

import pytest
from django.core.management import call_command

from advisories.models import Addressee
from tests.factories import DirectiveFactory, DispatchFactory, OrganisationFactory

MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
LINK = re.compile(r"https?://\S+/xac-nhan/[A-Za-z0-9_-]+/")


@pytest.fixture
def mail_dir(settings, tmp_path):
    """Every mail sent during the test is written as a file here (Django 6.1 MAILERS)."""
    folder = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    settings.SITE_URL = "http://testserver"
    return folder


def read_mails(folder):
    """The messages written into the folder, parsed (a file may hold several)."""
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(MAIL_SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def mail_text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message):
    return LINK.search(mail_text(message)).group(0)


@pytest.fixture
def run_worker():
    """Run the real worker command until the queue is empty, then restore the signal handlers
    it installs (so that Ctrl-C still stops pytest)."""

    def run(*extra):
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command(
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                "--interval=0",
                *extra,
                verbosity=0,
            )
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)

    return run


def make_addressed_draft(*, units=3, group=True, with_email=True, issuer=None):
    """A draft addressed to one named unit and a group label covering `units - 1` more."""
    issuer = issuer or OrganisationFactory(
        name="Trung tâm Y tế Kiên Hải", email="vanthu@ttyt.example.vn", hotline="0297 383 0000"
    )
    dispatch = DispatchFactory(draft=True, issuer=issuer)
    orgs = [
        OrganisationFactory(
            parent=issuer, email=f"tram{i}@example.vn" if with_email else "", hotline=""
        )
        for i in range(units)
    ]
    Addressee.objects.create(dispatch=dispatch, position=1, organisation=orgs[0])
    if group and units > 1:
        line = Addressee.objects.create(dispatch=dispatch, position=2, text="Các Trạm Y tế")
        line.members.set(orgs[1:])
    directive = DirectiveFactory(dispatch=dispatch, position=1, label="1.")
    directive.assignees.set(orgs[:2])
    return dispatch, orgs, directive
