"""Build a synthetic corpus fast: rows as tuples with ids reserved ahead, written by COPY on
PostgreSQL and executemany on SQLite (corpus.bulk) in threads that run while the next batch is
generated, search text composed in memory from parts folded once each.

Organisation tree per province (UBND tỉnh → Sở → Trung tâm/Trường → Trạm, UBND xã), dispatches
that forward the parent body's dispatches (references → chains), addressees naming groups with
their members, directives assigned to units, warnings and scam patterns. One random.Random(seed)
drives everything, so a seed gives the same corpus.
"""

import datetime as dt
import functools
import random
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection, transaction
from django.utils.text import slugify

from advisories.models import (
    Addressee,
    Directive,
    Dispatch,
    DistributionLine,
    Organisation,
    Reference,
    ScamPattern,
    WarningMessage,
)
from advisories.models.dispatches import search_text_parts
from advisories.search.backend import rebuild_index
from advisories.services import invalidate_public_pages, record_words
from advisories.text import index_text, strip_accents

from . import bulk
from . import vocabulary as V

BATCH = 2000
SLUG_PREFIX = "kho"


@dataclass
class CorpusReport:
    organisations: int
    dispatches: int
    references: int


def _slug_prefix(seed):
    return f"{SLUG_PREFIX}{seed}-"


def corpus_exists(seed) -> bool:
    return Organisation.objects.filter(slug__startswith=_slug_prefix(seed)).exists()


@transaction.atomic
def delete_corpus(*, seed: int) -> None:
    """Remove a corpus generated earlier with this seed (its organisations and dispatches)."""
    organisations = Organisation.objects.filter(slug__startswith=_slug_prefix(seed))
    dispatches = Dispatch.objects.filter(issuer__in=organisations)
    Reference.objects.filter(target__in=dispatches).delete()
    dispatches.delete()
    for _level in range(6):  # leaves first: parents are PROTECTed
        organisations.filter(children__isnull=True).delete()
    invalidate_public_pages()


def _name(rng):
    return f"{rng.choice(V.SURNAMES)} {rng.choice(V.MIDDLE)} {rng.choice(V.GIVEN)}"


def build_organisations(rng, count, seed):
    """At least min(count, 8) organisations as a tree, province by province (bulk, per level)."""
    prefix = _slug_prefix(seed)
    levels = [[], [], [], []]
    n = 0

    def org(name, short, abbr, kind, province, parent, level):
        nonlocal n
        n += 1
        o = Organisation(
            name=name,
            short_name=short,
            abbreviation=abbr,
            slug=f"{prefix}{n}-{slugify(strip_accents(short))}"[:120],
            kind=kind,
            province=province,
            hotline=f"0{rng.randint(200, 299)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
            if level < 2
            else "",
        )
        o._parent_obj = parent
        levels[level].append(o)
        return o

    provinces = list(V.PROVINCES)
    while n < count:
        for province in provinces:
            if n >= count:
                break
            root = org(
                f"Ủy ban nhân dân tỉnh {province}",
                f"UBND tỉnh {province}",
                "UBND",
                "province_committee",
                province,
                None,
                0,
            )
            for name, short, abbr, kind in V.DEPARTMENTS:
                if n >= count:
                    break
                dept = org(name.format(p=province), short, abbr, kind, province, root, 1)
                unit_name, unit_abbr, unit_kind = V.UNIT_PREFIXES[abbr]
                for place in rng.sample(V.PLACE_NAMES, 3):
                    if n >= count:
                        break
                    unit = org(
                        f"{unit_name} {place}",
                        f"{unit_abbr} {place}",
                        unit_abbr,
                        unit_kind,
                        province,
                        dept,
                        2,
                    )
                    if abbr == "SYT" and n < count:
                        org(
                            f"Trạm Y tế {place}",
                            f"TYT {place}",
                            "TYT",
                            "station",
                            province,
                            unit,
                            3,
                        )
            for place in rng.sample(V.PLACE_NAMES, 4):
                if n >= count:
                    break
                org(
                    f"Ủy ban nhân dân xã {place}",
                    f"UBND xã {place}",
                    "UBND",
                    "local_committee",
                    province,
                    root,
                    1,
                )
        provinces = [f"{p} {len(levels[0]) // len(V.PROVINCES) + 1}" for p in V.PROVINCES]
    created = []
    for level in levels:
        for o in level:
            o.parent = getattr(o, "_parent_obj", None)
        created += Organisation.objects.bulk_create(level, batch_size=BATCH)
    return created


def build_patterns():
    """The scam patterns: the existing ones plus the synthetic list (get-or-create by slug).
    No randomness here, so that a second run with the same seed draws the same numbers."""
    existing = {p.slug: p for p in ScamPattern.objects.all()}
    new = []
    for name, target, who in V.SCAMS:
        slug = slugify(strip_accents(name))[:120]
        if slug in existing:
            continue
        new.append(
            ScamPattern(
                name=name,
                slug=slug,
                summary=f"Kẻ gian giả danh {who} liên hệ {target} để chiếm đoạt tài sản.",
                steps="Gọi điện, nhắn tin làm quen\nGửi đường link lạ\nYêu cầu chuyển tiền",
                red_flags="Số điện thoại lạ\nYêu cầu mã OTP\nTạo tình huống khẩn cấp",
                targets=target,
                impersonates=who,
                via_call=True,
                via_link=len(new) % 2 == 0,
                what_to_do="Không chuyển tiền\nGọi lại số chính thức để kiểm tra",
                where_to_report="Công an xã, phường nơi gần nhất\nỨng dụng VNeID",
            )
        )
    for pattern in new:
        pattern.search_text = pattern.build_search_text()
    ScamPattern.objects.bulk_create(new)
    return list(ScamPattern.objects.order_by("pk"))


def generate_corpus(*, dispatches: int, organisations: int, seed: int = 1, log=print):
    """Insert `organisations` organisations and `dispatches` published dispatches."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    with transaction.atomic():
        orgs = build_organisations(rng, max(organisations, 8), seed)
        patterns = build_patterns()
    log(f"{len(orgs)} cơ quan, {len(patterns)} thủ đoạn")
    children = {}
    for o in orgs:
        if o.parent_id:
            children.setdefault(o.parent_id, []).append(o)
    by_pk = {o.pk: o for o in orgs}
    # Bodies at the top issue more: every organisation issues, roots three times as often.
    weights = [3 if o.parent_id is None else (2 if o.kind == "department" else 1) for o in orgs]
    recent_by_issuer = {}  # issuer pk → recent dispatches (forward candidates for children)
    numbers = {}
    done = references = 0
    base_day = dt.date(2025, 12, 31)
    ids = {model: bulk.Ids(model) for model in (Dispatch, Addressee, Directive)}
    # PostgreSQL: the dispatches (their to_tsvector is most of the database's work) and
    # their parts are written by two connections side by side; SQLite has one writer.
    lanes = [bulk.Writer("corpus-dispatches")]
    if connection.vendor == "postgresql" and lanes[0].threaded:
        lanes.append(bulk.Writer("corpus-parts"))
    try:
        while done < dispatches:
            size = min(BATCH, dispatches - done)
            inserts, texts = _batch(
                rng,
                size,
                done,
                dispatches,
                orgs,
                weights,
                by_pk,
                children,
                patterns,
                recent_by_issuer,
                numbers,
                base_day,
                ids,
            )
            committed = bulk.Committed(lanes[0])
            lanes[0].put(functools.partial(_write, inserts[:1], [], done=committed))
            lanes[-1].put(functools.partial(_write, inserts[1:], texts, after=committed))
            references += len(inserts[-1][1])
            done += size
            log(f"{done}/{dispatches} văn bản")
    finally:
        for lane in lanes:
            lane.close()
    rebuild_index()
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM sets the visibility map, without which count(*) of the list page
        # reads the whole heap (measured: 260 ms → 54 ms at 100,000 dispatches).
        in_transaction = not connection.get_autocommit()
        cursor.execute(
            "ANALYZE" if in_transaction or connection.vendor != "postgresql" else "VACUUM ANALYZE"
        )
    invalidate_public_pages()
    _folded.cache_clear()
    return CorpusReport(len(orgs), dispatches, references)


class _DispatchRow:
    """What the generator knows of a dispatch before it is a row: the model's own properties
    (number/symbol, date as printed, type label) on plain attributes, without a model instance
    per row (their construction was a third of the ORM's cost)."""

    COLUMNS = (
        "parent_body_line",
        "issuer_line",
        "doc_type",
        "number",
        "symbol",
        "place",
        "year",
        "month",
        "day",
        "subject",
        "body",
        "closing",
        "signing_authority",
        "authority_title",
        "signer_title",
        "signer_name",
        "published_at",
        "status",
        "withdrawn_on",
        "withdrawal_reason",
        "summary_en",
        "search_text",
    )
    TABLE_COLUMNS = (*COLUMNS, "id", "issuer_id")

    number_symbol = Dispatch.number_symbol
    short_date = Dispatch.short_date
    get_doc_type_display = Dispatch.get_doc_type_display
    DocType = Dispatch.DocType

    def __init__(self, **values):
        self.status = Dispatch.Status.PUBLISHED
        self.withdrawn_on = None
        self.withdrawal_reason = ""
        self.summary_en = ""
        for name, value in values.items():
            setattr(self, name, value)

    def row(self):
        return (*(getattr(self, c) for c in self.COLUMNS), self.pk, self.issuer.pk)


@functools.cache
def _folded(line: str) -> str:
    return index_text(line)


def _search_text(dispatch, **related) -> str:
    """compose_search_text's line, each distinct line of its parts folded once: the same
    directives, warnings, patterns, issuers and sentences recur across the corpus (folding
    was a fifth of the generator's time)."""
    parts = search_text_parts(dispatch, **related)
    folded = (_folded(line) for part in parts if part for line in part.split("\n"))
    return " ".join(words for words in folded if words)


class _Part(NamedTuple):
    """A directive or a warning as compose_search_text reads it."""

    text: str
    heading: str = ""


_TABLES = {}


def _table(model, given):
    """One bulk.Table per model and column list, built on first use (its defaults resolved)."""
    key = (model, tuple(given))
    if key not in _TABLES:
        _TABLES[key] = bulk.Table(model, given)
    return _TABLES[key]


def _write(inserts, texts, *, done=None, after=None):
    """Rows, table after table (parents first), and new words, in one transaction; committed
    after `after` (the batch's dispatches, written by another connection)."""
    with transaction.atomic():
        for table, rows in inserts:
            table.insert(rows)
        record_words(texts=texts)
        if after is not None:
            after.wait()
    if done is not None:
        done.set()


def _batch(
    rng, size, done, total, orgs, weights, by_pk, children, patterns, recent, numbers, base_day, ids
):
    """The rows of `size` dispatches and of their parts, as (bulk.Table, rows) in the order
    they can be inserted (the references last), and their search texts."""
    issuers = rng.choices(orgs, weights=weights, k=size)
    rows, parts = [], []
    dispatch_ids = iter(ids[Dispatch].take(size))
    for offset, issuer in enumerate(issuers):
        # Older first, so that a forward is always later than what it forwards.
        age = int((total - done - offset) * 1500 / total)
        date = base_day - dt.timedelta(days=age)
        parent = by_pk.get(issuer.parent_id)
        forwarded = None
        if parent is not None and recent.get(parent.pk) and rng.random() < 0.6:
            forwarded = rng.choice(recent[parent.pk])
        scam_index = rng.randrange(len(V.SCAMS))
        scam, target, who = V.SCAMS[scam_index]
        key = (issuer.pk, date.year)
        numbers[key] = numbers.get(key, 0) + 1
        body = [
            rng.choice(V.OPENINGS).format(
                p=issuer.province,
                who=who,
                target=target,
                place=rng.choice(V.PLACE_NAMES),
                pretext=rng.choice(V.PRETEXTS),
            ),
            *rng.sample(V.DETAILS, 2),
        ]
        if rng.random() < V.COMMON_SHARE:
            body.append(V.COMMON_SENTENCE)
        if rng.random() < V.RARE_SHARE:
            body.append(V.RARE_SENTENCE)
        if forwarded is not None:
            body.insert(
                0,
                f"Thực hiện Công văn số {forwarded.number_symbol} ngày "
                f"{forwarded.short_date} của {forwarded.issuer_line.title()} về việc "
                f"{forwarded.subject};",
            )
        dispatch = _DispatchRow(
            pk=next(dispatch_ids),
            issuer=issuer,
            parent_body_line=(parent.name.upper() if parent else ""),
            issuer_line=issuer.name.upper(),
            doc_type=rng.choices(["cong_van", "thong_bao", "ke_hoach", "chi_thi"], [8, 2, 1, 1])[0],
            number=numbers[key],
            symbol=f"{issuer.abbreviation}-VP",
            place=issuer.province,
            year=date.year,
            month=date.month,
            day=date.day if rng.random() > 0.03 else None,
            subject=rng.choice(V.SUBJECTS).format(
                scam=scam, scam_lower=scam[0].lower() + scam[1:], target=target
            ),
            body="\n".join(body),
            closing=rng.choice(V.CLOSINGS),
            signing_authority=rng.choice(["KT", "", "TL"]),
            authority_title="CHỦ TỊCH" if issuer.kind.endswith("committee") else "GIÁM ĐỐC",
            signer_title="PHÓ CHỦ TỊCH" if issuer.kind.endswith("committee") else "PHÓ GIÁM ĐỐC",
            signer_name=_name(rng),
            published_at=dt.datetime(date.year, date.month, date.day, 8, tzinfo=dt.UTC),
        )
        if rng.random() < 0.02:  # withdrawn, as the database requires: with its date and reason
            dispatch.status = Dispatch.Status.WITHDRAWN
            dispatch.withdrawn_on = date + dt.timedelta(days=rng.randint(1, 20))
            dispatch.withdrawal_reason = "Ban hành nhầm, thay bằng văn bản khác."
        subunits = children.get(issuer.pk, [])
        directives = [_Part(text) for text in rng.sample(V.DIRECTIVES, rng.randint(2, 4))]
        warnings = []
        if rng.random() < 0.5:
            warnings.append(_Part(rng.choice(V.WARNINGS).format(who=who)))
        pattern = patterns[scam_index % len(patterns)]
        dispatch.search_text = _search_text(
            dispatch, directives=directives, warnings=warnings, patterns=[pattern]
        )
        rows.append(dispatch)
        parts.append((forwarded, subunits, directives, warnings, pattern))
        recent.setdefault(issuer.pk, []).append(dispatch)
        del recent[issuer.pk][:-5]
    addressee_ids = iter(ids[Addressee].take(2 * len(rows)))
    directive_ids = iter(ids[Directive].take(sum(len(p[2]) for p in parts)))
    addressees, lines, refs, pattern_links, directive_rows, warning_rows = [], [], [], [], [], []
    member_rows, assignee_rows = [], []
    for dispatch, (forwarded, subunits, directives, warnings, pattern) in zip(
        rows, parts, strict=True
    ):
        pattern_links.append((dispatch.pk, pattern.pk))
        group = next(addressee_ids)
        addressees.append(
            (
                group,
                dispatch.pk,
                1,
                "Các cơ quan, đơn vị trực thuộc" if subunits else "Như trên",
            )
        )
        member_rows += [(group, member.pk) for member in subunits[:8]]
        addressees.append(
            (next(addressee_ids), dispatch.pk, 2, "Công an tỉnh " + dispatch.issuer.province)
        )
        lines += [(dispatch.pk, 1, "Như trên"), (dispatch.pk, 2, "Lưu: VT")]
        for position, directive in enumerate(directives, start=1):
            directive_id = next(directive_ids)
            directive_rows.append(
                (directive_id, dispatch.pk, position, f"{position}.", directive.text)
            )
            if subunits:
                assignee_rows.append((directive_id, rng.choice(subunits).pk))
        warning_rows += [(dispatch.pk, warning.text) for warning in warnings]
        if forwarded is not None:
            refs.append((dispatch.pk, forwarded.pk, rng.choice(["thuc_hien", "can_cu"])))
    return [
        (_table(Dispatch, _DispatchRow.TABLE_COLUMNS), [d.row() for d in rows]),
        (_table(Addressee, ["id", "dispatch_id", "position", "text"]), addressees),
        (_table(Addressee.members.through, ["addressee_id", "organisation_id"]), member_rows),
        (_table(DistributionLine, ["dispatch_id", "position", "text"]), lines),
        (_table(Directive, ["id", "dispatch_id", "position", "label", "text"]), directive_rows),
        (_table(Directive.assignees.through, ["directive_id", "organisation_id"]), assignee_rows),
        (_table(WarningMessage, ["dispatch_id", "text"]), warning_rows),
        (_table(Dispatch.scam_patterns.through, ["dispatch_id", "scampattern_id"]), pattern_links),
        (_table(Reference, ["citing_id", "target_id", "kind"]), refs),
    ], [d.search_text for d in rows]
