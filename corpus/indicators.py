"""Signs of a scam for a generated corpus (`generate_corpus --indicators N`): N indicators marked
on the corpus's dispatches, and verified reports naming some of them, to measure /kiem-tra/.

Kept apart from generator.py (bulk inserts, like it): phone numbers, domains, bank accounts,
app and sender names in the proportions advisories name them; most signs are named by one
dispatch, one in five by a second, and a few "hot" ones (the first of each kind) by one dispatch
in a hundred, as a scam run for months is. One verified report for every 20 signs. The values
carry the seed, so corpora of different seeds do not collide; reports are told apart by their
staff note "kho<seed>" for --replace.
"""

import datetime as dt
import hashlib
import random

from django.db import connection, transaction

from advisories.models import Dispatch, Indicator, ScamReport
from advisories.services import invalidate_public_pages

from .generator import BATCH, _slug_prefix

# (kind, share) in the proportions the advisories name them.
KINDS = [("phone", 40), ("domain", 25), ("bank_account", 20), ("app", 10), ("sender", 5)]
BANKS = ["Vietcombank", "Techcombank", "MB", "BIDV", "Agribank", "VPBank", "ACB", "Sacombank"]
WORDS = ["solienlac", "hoantien", "vneid", "dichvucong", "baohiem", "evnhcm", "shopee", "vaynhanh"]
HOT_SHARE = 0.01  # a hot sign is named by this share of the dispatches
REPORT_EVERY = 20
CYCLE = [kind for kind, share in KINDS for _ in range(share)]  # sign n is of kind CYCLE[n % 100]


def sign_value(kind: str, number: int, seed: int) -> tuple[str, str, str]:
    """(value, label, bank) of the corpus's sign `number`, as the normalisers store them."""
    serial = seed * 10_000_000 + number
    if kind == "phone":
        digits = f"9{serial % 10**8:08d}"
        return f"+84{digits}", f"0{digits[:3]} {digits[3:6]} {digits[6:]}", ""
    if kind == "domain":
        domain = f"{WORDS[number % len(WORDS)]}-{serial}.vn"
        return domain, f"https://{domain}/dang-nhap", ""
    if kind == "bank_account":
        account = f"{serial:012d}"
        return account, account, BANKS[number % len(BANKS)]
    name = f"{WORDS[number % len(WORDS)]} {serial}"
    return name, name.upper() if kind == "sender" else name.title(), ""


def corpus_dispatches(seed: int):
    return Dispatch.objects.filter(issuer__slug__startswith=_slug_prefix(seed))


@transaction.atomic
def delete_corpus_indicators(*, seed: int) -> None:
    """Remove the signs and reports generate_indicators made for this seed."""
    ScamReport.objects.filter(staff_notes=f"kho{seed}").delete()
    dispatches = corpus_dispatches(seed).values("pk")
    Indicator.objects.filter(pk__in=Indicator.objects.filter(dispatches__in=dispatches)).delete()


def generate_indicators(*, count: int, seed: int = 1, log=print) -> tuple[int, int]:
    """Mark `count` signs on the corpus of `seed`; returns (signs, verified reports)."""
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 - a reproducible corpus, not a secret
    dispatch_ids = list(corpus_dispatches(seed).order_by("pk").values_list("pk", flat=True))
    if not dispatch_ids:
        return 0, 0
    hot = {kind: None for kind, _ in KINDS}
    reports = 0
    now = dt.datetime.now(dt.UTC)
    Through = Indicator.dispatches.through
    ReportThrough = ScamReport.indicators.through
    for start in range(0, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        with transaction.atomic():
            signs = []
            for number in numbers:
                kind = CYCLE[number % len(CYCLE)]
                value, label, bank = sign_value(kind, number, seed)
                signs.append(Indicator(kind=kind, value=value, label=label, bank=bank))
            Indicator.objects.bulk_create(signs, batch_size=BATCH)
            links = set()
            for sign in signs:
                links.add((sign.pk, rng.choice(dispatch_ids)))
                if rng.random() < 0.2:
                    links.add((sign.pk, rng.choice(dispatch_ids)))
                if hot[sign.kind] is None:
                    hot[sign.kind] = sign
                    many = max(1, int(len(dispatch_ids) * HOT_SHARE))
                    links.update((sign.pk, d) for d in rng.sample(dispatch_ids, many))
            Through.objects.bulk_create(
                [Through(indicator_id=i, dispatch_id=d) for i, d in links], batch_size=BATCH
            )
            named = signs[::REPORT_EVERY]
            rows = [
                ScamReport(
                    code_hash=hashlib.sha256(f"kho{seed}-{sign.pk}".encode()).hexdigest(),
                    status=ScamReport.Status.FORWARDED,
                    channel=rng.choice(ScamReport.Channel.values),
                    used=sign.label,
                    province="An Giang",
                    consent_text="(kho giả lập)",
                    consented_at=now,
                    passed_challenge=True,
                    verified=True,
                    staff_notes=f"kho{seed}",
                )
                for sign in named
            ]
            ScamReport.objects.bulk_create(rows, batch_size=BATCH)
            ReportThrough.objects.bulk_create(
                [
                    ReportThrough(scamreport_id=r.pk, indicator_id=s.pk)
                    for r, s in zip(rows, named, strict=True)
                ],
                batch_size=BATCH,
            )
            reports += len(rows)
        log(f"{numbers.stop}/{count} dấu hiệu")
    with connection.cursor() as cursor:  # the planner learns the new tables' sizes
        for model in (Indicator, Through, ScamReport, ReportThrough):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    invalidate_public_pages()
    return count, reports


def hot_signs(seed: int) -> dict[str, Indicator]:
    """The first sign of each kind, named by many dispatches: what the benchmark looks up."""
    return {
        kind: Indicator.objects.get(kind=kind, value=sign_value(kind, CYCLE.index(kind), seed)[0])
        for kind, _ in KINDS
    }
