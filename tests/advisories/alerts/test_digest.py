"""The daily digest through the real worker: `manage.py send_alert_digest` queues it, the
worker mails each daily subscriber one summary; a second run sends nothing twice; a later
withdrawal of a summarised dispatch is in the next summary.

These tests commit (transaction=True): the worker manages its own transactions.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from advisories.services import publish_dispatch, withdraw_dispatch
from advisories.services.alerts import AlertTarget
from tests.advisories.conftest import mail_text, make_addressed_draft, read_mails
from tests.factories import ScamPatternFactory

from .conftest import html_of, subscribe, unsubscribe_link_in

pytestmark = pytest.mark.django_db(transaction=True)


def _digest():
    out = io.StringIO()
    call_command("send_alert_digest", stdout=out)
    return out.getvalue()


def _to(mail_dir, address):
    return [m for m in read_mails(mail_dir) if m["To"] == address]


def test_daily_subscribers_get_one_summary_a_day_and_nothing_twice(mail_dir, run_worker):
    pattern = ScamPatternFactory(name="Giả danh công an")
    daily = subscribe("hang-ngay@example.vn", frequency="daily")
    on_pattern = subscribe(
        "thu-doan@example.vn",
        frequency="daily",
        target=AlertTarget(kind="pattern", pattern=pattern),
    )
    immediate = subscribe("ngay@example.vn")
    first, _, _ = make_addressed_draft(units=1)
    first.scam_patterns.set([pattern])
    second, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=first)
    publish_dispatch(dispatch=second)
    run_worker()
    assert len(_to(mail_dir, immediate.email)) == 2  # one alert each, at once
    assert _to(mail_dir, daily.email) == []  # the daily ones wait for the digest

    assert "2 người đăng ký" in _digest()
    run_worker()
    [summary] = _to(mail_dir, daily.email)
    assert summary["Subject"].startswith("Tóm tắt cảnh báo lừa đảo ngày")
    text = mail_text(summary)
    assert first.subject in text and second.subject in text
    assert summary["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_link_in(summary) in html_of(summary)
    [pattern_summary] = _to(mail_dir, on_pattern.email)
    assert first.subject in mail_text(pattern_summary)
    assert second.subject not in mail_text(pattern_summary)
    assert len(_to(mail_dir, immediate.email)) == 2  # no digest for immediate subscribers

    _digest()  # run twice the same day (a retried cron job)
    run_worker()
    assert len(_to(mail_dir, daily.email)) == 1

    withdraw_dispatch(dispatch=first, by=None, reason="Ban hành nhầm", on=timezone.localdate())
    run_worker()
    assert len(_to(mail_dir, immediate.email)) == 3  # the withdrawal, at once
    assert len(_to(mail_dir, daily.email)) == 1  # … and in the next digest for the others
    _digest()
    run_worker()
    summaries = _to(mail_dir, daily.email)
    assert len(summaries) == 2
    newest = next(m for m in summaries if "Ban hành nhầm" in mail_text(m))
    assert "ĐÃ THU HỒI" in mail_text(newest)
    assert second.subject not in mail_text(newest)  # already summarised


def test_a_subscriber_confirmed_after_a_publication_is_not_sent_it(mail_dir, run_worker):
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    subscribe("muon@example.vn", frequency="daily")
    _digest()
    run_worker()
    assert _to(mail_dir, "muon@example.vn") == []
