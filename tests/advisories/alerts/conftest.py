"""Helpers of the alert tests: subscriptions made through the services (as the form makes
them), the links found in the real mail files, and the alerts among them."""

import re

import pytest

from advisories.alerts.consent import CONSENT_VERSION
from tests.advisories.conftest import mail_text
from tests.factories import AlertSubscriptionFactory

CONFIRM_LINK = re.compile(r"https?://\S+/nhan-canh-bao/xac-nhan/[A-Za-z0-9_-]+/")
UNSUBSCRIBE_LINK = re.compile(r"https?://\S+/huy/[a-z0-9]+-[0-9a-f]+/")


def path_of(url):
    return url.removeprefix("http://testserver")


def confirm_link_in(message):
    return CONFIRM_LINK.search(mail_text(message)).group(0)


def unsubscribe_link_in(message):
    return UNSUBSCRIBE_LINK.search(mail_text(message)).group(0)


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def subscribe_form(email, *, kind="all", target="", frequency="immediate", **extra):
    """The POST body of the subscription form as the pages render it."""
    return {
        "email": email,
        "frequency": frequency,
        "consent": "1",
        "consent_version": CONSENT_VERSION,
        "target_kind": kind,
        "target": target,
        **extra,
    }


def subscribe(email, *, target=None, frequency="immediate", confirm=True):
    return AlertSubscriptionFactory(
        email=email, target=target, frequency=frequency, confirm=confirm
    )


@pytest.fixture
def alert_rates(settings):
    """Rate limits high enough not to get in the way of a test that is not about them."""
    settings.ALERT_SUBSCRIBE_PER_ADDRESS = 1000
    settings.ALERT_SUBSCRIBE_PER_CLIENT = 1000
