"""Loading the seed data files (advisories/seed/*.json) into the database.

Fills in what is missing and leaves alone what is there: `make run` loads the seed at every
start, and a seed dispatch that staff have since withdrawn or corrected, or an organisation whose
hotline they changed, must stay as they left it. A dispatch already present keeps its lines,
patterns and references too. With `overwrite=True` (`load_seed --overwrite`, for development)
every row is put back to the seed file's values, written only where a value differs. Either way
a second run changes nothing, not even an `updated_at`. Rows are found again by natural keys
(slugs, number/symbol, position).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction

from .models import (
    Addressee,
    Directive,
    Dispatch,
    DistributionLine,
    Organisation,
    Reference,
    ScamPattern,
    WarningMessage,
)
from .services import invalidate_public_pages, refresh_search_text

SEED_DIR = Path(__file__).resolve().parent / "seed"


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # found as the file has it, or (without overwrite) kept as staff left it
    dispatches: list[Dispatch] = field(default_factory=list)

    @property
    def changed(self):
        return self.created + self.updated


def _upsert(report, model, lookup, values, *, overwrite):
    """get-or-create by `lookup`; an existing row gets `values` only with `overwrite`, and
    then only those that differ. Returns (row, whether it was created)."""
    values = {name: value for name, value in values.items() if name not in lookup}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created += 1
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not overwrite:
        changed = []
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed + (["updated_at"] if hasattr(obj, "updated_at") else []))
        report.updated += 1
    else:
        report.unchanged += 1
    return obj, False


def _set_m2m(report, manager, objects):
    wanted = {o.pk for o in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objects)
        report.updated += 1


def _paragraphs(value):
    return "\n".join(value) if isinstance(value, list) else (value or "")


def _dispatch_lookup(orgs, spec):
    """Natural key of a dispatch; `number=None` matches a blank number, then the subject decides."""
    lookup = {
        "issuer": orgs[spec["issuer"]],
        "year": spec["year"],
        "symbol": spec["symbol"],
        "number": spec.get("number"),
    }
    return lookup if spec.get("number") else lookup | {"subject": spec["subject"]}


def _load_organisations(report, data, overwrite):
    orgs = {}
    for spec in data:  # parents come before their children in the file
        parent = orgs[spec["parent"]] if spec.get("parent") else None
        values = {
            "name": spec["name"],
            "short_name": spec.get("short_name", ""),
            "abbreviation": spec.get("abbreviation", ""),
            "kind": spec["kind"],
            "province": spec.get("province", ""),
            "parent": parent,
            "email": spec.get("email", ""),
            "hotline": spec.get("hotline", ""),
            "is_active": spec.get("is_active", True),
        }
        orgs[spec["slug"]], _ = _upsert(
            report, Organisation, {"slug": spec["slug"]}, values, overwrite=overwrite
        )
    return orgs


def _load_patterns(report, data, overwrite):
    patterns = {}
    for spec in data:
        values = {k: v for k, v in spec.items() if k != "slug"}
        patterns[spec["slug"]], _ = _upsert(
            report, ScamPattern, {"slug": spec["slug"]}, values, overwrite=overwrite
        )
    return patterns


def _sync_lines(report, dispatch, model, specs, make_values, orgs, members_field=None):
    """Lines of one kind of a dispatch, by position; extra old lines are removed."""
    for position, spec in enumerate(specs, start=1):
        lookup = {"dispatch": dispatch, "position": position}
        line, _ = _upsert(report, model, lookup, make_values(spec), overwrite=True)
        if members_field:
            members = [orgs[slug] for slug in spec.get(members_field, [])]
            _set_m2m(report, getattr(line, members_field), members)
    stale = model.objects.filter(dispatch=dispatch, position__gt=len(specs))
    if stale.exists():
        report.updated += stale.count()
        stale.delete()


def _load_dispatch(report, spec, orgs, patterns, overwrite):
    """The dispatch of `spec` and whether its parts were written: always for a new one, for an
    existing one only with `overwrite` (its lines, patterns and references are then synced)."""
    values = {
        "parent_body_line": spec["parent_body_line"],
        "issuer_line": spec["issuer_line"],
        "doc_type": spec["doc_type"],
        "place": spec["place"],
        "month": spec.get("month"),
        "day": spec.get("day"),
        "subject": spec["subject"],
        "body": _paragraphs(spec["body"]),
        "closing": _paragraphs(spec.get("closing")),
        "signing_authority": spec["signing_authority"],
        "authority_title": spec["authority_title"],
        "signer_title": spec["signer_title"],
        "signer_name": spec["signer_name"],
        "status": spec["status"],
        "published_at": datetime.fromisoformat(spec["published_at"])
        if spec.get("published_at")
        else None,
    }
    lookup = _dispatch_lookup(orgs, spec)
    dispatch, created = _upsert(report, Dispatch, lookup, values, overwrite=overwrite)
    if not (created or overwrite):
        return dispatch, False

    def line_values(spec):
        return {"text": spec["text"], "organisation": orgs.get(spec.get("organisation"))}

    _sync_lines(report, dispatch, Addressee, spec["addressees"], line_values, orgs, "members")
    _sync_lines(
        report, dispatch, DistributionLine, spec["distribution"], line_values, orgs, "members"
    )
    _sync_lines(
        report,
        dispatch,
        Directive,
        spec["directives"],
        lambda d: {
            "label": d.get("label", ""),
            "heading": d.get("heading", ""),
            "text": _paragraphs(d["text"]),
        },
        orgs,
        "assignees",
    )
    _sync_lines(
        report,
        dispatch,
        WarningMessage,
        spec.get("warnings", []),
        lambda w: {"channel": w["channel"], "text": w["text"]},
        orgs,
    )
    _set_m2m(report, dispatch.scam_patterns, [patterns[s] for s in spec.get("scam_patterns", [])])
    return dispatch, True


def _load_references(report, spec, dispatch, orgs):
    for position, ref in enumerate(spec.get("references", []), start=1):
        values = {"kind": ref["kind"], "is_attached": ref.get("is_attached", False)}
        if "target" in ref:
            values["target"] = Dispatch.objects.get(**_dispatch_lookup(orgs, ref["target"]))
        else:
            values |= {
                "target": None,
                "external_doc_type": ref.get("doc_type", ""),
                "external_number_symbol": ref["number_symbol"],
                "external_issuer": ref.get("issuer", ""),
            }
        lookup = {"citing": dispatch, "position": position}
        _upsert(report, Reference, lookup, values, overwrite=True)
    stale = Reference.objects.filter(citing=dispatch, position__gt=len(spec.get("references", [])))
    if stale.exists():
        report.updated += stale.count()
        stale.delete()


@transaction.atomic
def load_seed(seed_dir: Path = SEED_DIR, *, overwrite: bool = False) -> SeedReport:
    """Load organisations, scam patterns and dispatches from `seed_dir`; returns what changed.

    Rows already present are kept as they are unless `overwrite` (see the module docstring)."""
    report = SeedReport()
    base = json.loads((seed_dir / "organisations.json").read_text(encoding="utf-8"))
    documents = json.loads((seed_dir / "dispatches.json").read_text(encoding="utf-8"))
    orgs = _load_organisations(report, base["organisations"], overwrite)
    patterns = _load_patterns(report, base["scam_patterns"], overwrite)
    specs = documents["dispatches"]
    loaded = [(spec, *_load_dispatch(report, spec, orgs, patterns, overwrite)) for spec in specs]
    for spec, dispatch, written in loaded:  # after all dispatches exist: any order of the file
        if written:
            _load_references(report, spec, dispatch, orgs)
    for _, dispatch, written in loaded:
        if written and dispatch.build_search_text() != dispatch.search_text:
            refresh_search_text(dispatch=dispatch)
            report.updated += 1
        report.dispatches.append(dispatch)
    if report.changed:
        invalidate_public_pages()
    return report
