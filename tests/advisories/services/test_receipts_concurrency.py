"""Concurrent confirmations of one delivery record exactly one (real connections, committed).

On PostgreSQL two threads, each with its own connection, confirm at the same moment. SQLite
serialises writers on the whole file, so there the same two confirmations run one after the
other, each in its own transaction, which is the only interleaving SQLite allows.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from advisories.models import Delivery
from advisories.services import confirm_receipt, issue_token, publish_dispatch
from advisories.services.receipts import _record_confirmation
from tests.advisories.conftest import make_addressed_draft

pytestmark = pytest.mark.django_db(transaction=True)


def _one_delivery():
    dispatch, _, _ = make_addressed_draft(units=1, with_email=False)
    publish_dispatch(dispatch=dispatch)
    return Delivery.objects.get(dispatch=dispatch)


def _in_threads(*targets):
    """Run each target in its own thread (own DB connection); return their results in order."""
    results, errors = [None] * len(targets), []

    def wrap(index, target):
        try:
            results[index] = target()
        except Exception as error:  # surfaced below: a thread's failure fails the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_two_confirmations_at_once_record_exactly_one():
    delivery = _one_delivery()
    links = [issue_token(delivery=delivery), issue_token(delivery=delivery)]
    names = ["Người thứ nhất", "Người thứ hai"]

    def confirm(i, barrier=None):
        def run():
            if barrier:
                barrier.wait(timeout=10)
            return confirm_receipt(token=links[i], name=names[i], position="Văn thư").just_confirmed

        return run

    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)
        counted = _in_threads(confirm(0, barrier), confirm(1, barrier))
    else:
        counted = [confirm(0)(), confirm(1)()]
    assert sorted(counted) == [False, True]
    stored = Delivery.objects.get(pk=delivery.pk)
    assert stored.confirmed_by_name == names[counted.index(True)]


def test_a_confirmation_waiting_on_a_lock_sees_the_first_and_does_nothing():
    """The first writer holds the row until it commits; the second then finds it confirmed."""
    delivery = _one_delivery()
    raw = issue_token(delivery=delivery)
    first_wrote = threading.Event()

    def first():
        with transaction.atomic():
            counted = _record_confirmation(
                delivery_id=delivery.pk,
                name="Người thứ nhất",
                position="Văn thư",
                note="",
                via="link",
            )
            first_wrote.set()
            time.sleep(0.5)  # the second one is now waiting on this row
        return counted

    def second():
        first_wrote.wait(timeout=10)
        return confirm_receipt(token=raw, name="Người thứ hai", position="Văn thư").just_confirmed

    if connection.vendor == "postgresql":
        counted = _in_threads(first, second)
    else:
        counted = [first(), second()]
    assert counted == [True, False]
    assert Delivery.objects.get(pk=delivery.pk).confirmed_by_name == "Người thứ nhất"
