"""Loading the seed data files (advisories/seed/*.json) into the database.

Fills in what is missing and leaves alone what is there: `make run` loads the seed at every
start, and a seed dispatch that staff have since withdrawn or corrected, or an organisation whose
hotline they changed, must stay as they left it. A dispatch already present keeps its lines,
patterns and references too. What is missing includes a scam pattern's English text left blank
(the English fields came after the first seeds were loaded): the file's English fills a blank
field, never one staff wrote. With `overwrite=True` (`load_seed --overwrite`, for development)
every row is put back to the seed file's values, written only where a value differs. Either way
a second run changes nothing, not even an `updated_at`. Rows are found again by natural keys
(slugs, number/symbol, position).

Organisations and patterns, new or changed, are written by the directory services staff use (a
pattern's search text and the dispatches that print it follow). A new dispatch is written as a
draft with its parts, then published (without receipt tracking: the seed documents were
delivered before the portal existed) and withdrawn if the file says so. `--overwrite` of a
dispatch and its lines is the one exception: a development reset that puts stored rows back in
place, which no staff service may do to a published document.
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
from .services import (
    create_draft,
    invalidate_public_pages,
    publish_dispatch,
    refresh_search_text,
    save_draft_parts,
    save_organisation,
    save_scam_pattern,
    withdraw_dispatch,
)
from .services.indicators import IndicatorInput, mark_indicators

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


def _upsert(report, model, lookup, values, *, overwrite, save=None, fill_blank=()):
    """get-or-create by `lookup`, the row saved by `save` (a service) when given. An existing
    row gets `values` only with `overwrite`, and then only those that differ; without it, only
    the `fill_blank` fields that are blank in the row and not in the file.
    Returns (row, whether it was created)."""
    values = {name: value for name, value in values.items() if name not in lookup}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        if save is None:
            obj = model.objects.create(**lookup, **values)
        else:
            obj = save(model(**lookup, **values))
        report.created += 1
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not overwrite:
        changed = [name for name in changed if name in fill_blank and not getattr(obj, name)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if save is not None:
            save(obj)
        else:
            updated_at = ["updated_at"] if hasattr(obj, "updated_at") else []
            obj.save(update_fields=changed + updated_at)
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
            report,
            Organisation,
            {"slug": spec["slug"]},
            values,
            overwrite=overwrite,
            save=lambda o: save_organisation(organisation=o),
        )
    return orgs


def _load_patterns(report, data, overwrite):
    patterns = {}
    for spec in data:
        values = {k: v for k, v in spec.items() if k != "slug"}
        patterns[spec["slug"]], _ = _upsert(
            report,
            ScamPattern,
            {"slug": spec["slug"]},
            values,
            overwrite=overwrite,
            save=lambda p: save_scam_pattern(pattern=p),
            fill_blank=[f"{name}_en" for name in ScamPattern.TRANSLATED],
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


def _dispatch_values(spec):
    return {
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
        "unnumbered": spec.get("unnumbered", False),
        "summary_en": _paragraphs(spec.get("summary_en")),
    }


def _line_values(spec, orgs):
    return {"text": spec["text"], "organisation": orgs.get(spec.get("organisation"))}


def _directive_values(spec):
    return {
        "label": spec.get("label", ""),
        "heading": spec.get("heading", ""),
        "text": _paragraphs(spec["text"]),
    }


def _new_parts(spec, dispatch, orgs):
    """The printed lines of a new seed dispatch, with their members and assignees."""
    parts = []
    for model, key, members in (
        (Addressee, "addressees", "members"),
        (DistributionLine, "distribution", "members"),
    ):
        for position, line in enumerate(spec[key], start=1):
            part = model(dispatch=dispatch, position=position, **_line_values(line, orgs))
            parts.append((part, {members: [orgs[slug] for slug in line.get(members, [])]}))
    for position, directive in enumerate(spec["directives"], start=1):
        part = Directive(dispatch=dispatch, position=position, **_directive_values(directive))
        assignees = [orgs[slug] for slug in directive.get("assignees", [])]
        parts.append((part, {"assignees": assignees}))
    for position, warning in enumerate(spec.get("warnings", []), start=1):
        part = WarningMessage(
            dispatch=dispatch, position=position, channel=warning["channel"], text=warning["text"]
        )
        parts.append((part, {}))
    return parts


def _create_dispatch(report, spec, orgs, patterns):
    """A new seed dispatch, as a draft with its parts (its references come later)."""
    lookup = _dispatch_lookup(orgs, spec)
    draft = create_draft(by=None, **(_dispatch_values(spec) | lookup))
    parts = _new_parts(spec, draft, orgs)
    chosen = [patterns[slug] for slug in spec.get("scam_patterns", [])]
    save_draft_parts(dispatch=draft, by=None, saved=parts, scam_patterns=chosen)
    report.created += 1 + len(parts)
    return draft


def _overwrite_dispatch(report, spec, orgs, patterns):
    """`--overwrite`: the stored dispatch and its lines put back to the file's values."""
    values = _dispatch_values(spec) | {
        "status": spec["status"],
        "published_at": datetime.fromisoformat(spec["published_at"])
        if spec.get("published_at")
        else None,
    }
    dispatch, _ = _upsert(report, Dispatch, _dispatch_lookup(orgs, spec), values, overwrite=True)

    def line_values(line):
        return _line_values(line, orgs)

    _sync_lines(report, dispatch, Addressee, spec["addressees"], line_values, orgs, "members")
    _sync_lines(
        report, dispatch, DistributionLine, spec["distribution"], line_values, orgs, "members"
    )
    _sync_lines(
        report, dispatch, Directive, spec["directives"], _directive_values, orgs, "assignees"
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
    return dispatch


def _load_dispatch(report, spec, orgs, patterns, overwrite):
    """The dispatch of `spec`, and whether it is new (a draft until `_finish`), overwritten,
    or kept as staff left it."""
    dispatch = Dispatch.objects.filter(**_dispatch_lookup(orgs, spec)).first()
    if dispatch is None:
        return _create_dispatch(report, spec, orgs, patterns), "new"
    if overwrite:
        return _overwrite_dispatch(report, spec, orgs, patterns), "overwritten"
    report.unchanged += 1
    return dispatch, "kept"


def _reference_values(ref, orgs):
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
    return values


def _load_references(report, spec, dispatch, orgs, state):
    refs = spec.get("references", [])
    if state == "new":
        parts = [
            (Reference(citing=dispatch, position=position, **_reference_values(ref, orgs)), {})
            for position, ref in enumerate(refs, start=1)
        ]
        save_draft_parts(dispatch=dispatch, by=None, saved=parts)
        report.created += len(parts)
        return
    for position, ref in enumerate(refs, start=1):
        lookup = {"citing": dispatch, "position": position}
        _upsert(report, Reference, lookup, _reference_values(ref, orgs), overwrite=True)
    stale = Reference.objects.filter(citing=dispatch, position__gt=len(refs))
    if stale.exists():
        report.updated += stale.count()
        stale.delete()


def _load_indicators(report, spec, dispatch):
    """The signs the file names, added to a dispatch that has none yet (staff's are kept)."""
    entries = [IndicatorInput(**entry) for entry in spec.get("indicators", [])]
    if entries and not dispatch.indicators.exists():
        mark_indicators(dispatch=dispatch, by=None, add=entries)
        report.created += len(entries)


def _finish(spec, draft):
    """Publish a new seed dispatch as the file dates it, and withdraw it if the file says so."""
    if spec["status"] == Dispatch.Status.DRAFT:
        return
    at = datetime.fromisoformat(spec["published_at"])
    publish_dispatch(dispatch=draft, at=at, track_receipts=False)
    if spec["status"] == Dispatch.Status.WITHDRAWN:
        withdraw_dispatch(
            dispatch=draft,
            by=None,
            reason=spec["withdrawal_reason"],
            on=datetime.fromisoformat(spec["withdrawn_on"]).date(),
        )


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
    for spec, dispatch, state in loaded:  # after all dispatches exist: any order of the file
        if state != "kept":
            _load_references(report, spec, dispatch, orgs, state)
        _load_indicators(report, spec, dispatch)
    for spec, dispatch, state in loaded:
        if state == "new":
            _finish(spec, dispatch)
        elif state == "overwritten" and dispatch.build_search_text() != dispatch.search_text:
            refresh_search_text(dispatch=dispatch)
            report.updated += 1
        dispatch.refresh_from_db()
        report.dispatches.append(dispatch)
    if report.changed:
        invalidate_public_pages()
    return report
