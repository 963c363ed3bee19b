"""Subject access: everything Common Ground holds about one person, as a ZIP they can keep.

`gather` reads every declared holding (`holdings.HOLDINGS`) with the person's rows, leaving out
secrets (link tokens, digests, the password hash) and what is declared as not theirs, then the
audit trail about them, what the trail records they did (without whom it concerned), and their
consents in words (each ledger row with the text of the wording
it was given under, which the table of rows holds only as a version key). `zip_bytes` writes `data.json` (all of it, machine-readable), one JSON
file per kind of data, `summary.html` (the same, readable in any browser) and a README.
"""

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.utils import timezone

from commonground.accounts import consent_ledger
from commonground.accounts.models import AuditEvent, Person
from commonground.privacy.holdings import HOLDINGS, is_secret, model_of
from commonground.programmes.models import Membership, Programme
from commonground.recruitment.models import Application

PERSON_FIELDS = [
    "id", "email", "full_name", "job_title", "profession", "seniority", "accessibility_needs",
    "date_joined", "last_login", "is_active",
]
AUDIT_FIELDS = ["at", "action", "what", "actor_id", "object_id", "fields", "programme_id"]
# What the person did, as the trail records it: whom it concerned is someone else's data, so left out.
DONE_FIELDS = ["at", "action", "what", "object_id", "fields", "programme_id"]


@dataclass
class Section:
    title: str
    model: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.rows[0]) if self.rows else []


@dataclass
class Bundle:
    person: dict[str, Any]
    sections: list[Section]
    audit: list[dict[str, Any]]
    left_out: list[tuple[str, str]]
    made_at: dt.datetime
    consents: list[dict[str, Any]] = field(default_factory=list)
    done: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return 1 + sum(len(s.rows) for s in self.sections) + len(self.audit) + len(self.done)


def _fields(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not is_secret(f.name)]


def gather(person: Person) -> Bundle:
    """Everything held about the person: nothing secret, nothing declared as not theirs."""
    sections: dict[tuple[str, str], Section] = {}
    left_out: list[tuple[str, str]] = []
    for holding in HOLDINGS:
        if not holding.included:
            left_out.append((holding.title, holding.reason))
            continue
        model = model_of(holding)
        rows = list(
            model._base_manager.filter(**{holding.via: person}).order_by("pk").values(*_fields(model))
        )
        section = sections.setdefault((holding.model, holding.title), Section(holding.title, holding.model))
        known = {row["id"] for row in section.rows}
        section.rows.extend(row for row in rows if row["id"] not in known)
    profile = Person.objects.filter(pk=person.pk).values(*PERSON_FIELDS).get()
    audit = list(AuditEvent.objects.filter(subject_id=person.pk).order_by("at", "pk").values(*AUDIT_FIELDS))
    done = list(
        AuditEvent.objects.filter(actor_id=person.pk).exclude(subject_id=person.pk).order_by("at", "pk")
        .values(*DONE_FIELDS)
    )
    return Bundle(
        person=profile, sections=list(sections.values()), audit=audit, left_out=left_out, made_at=timezone.now(),
        consents=_consents(person), done=done,
    )


def _consents(person: Person) -> list[dict[str, Any]]:
    """Each consent the person gave, oldest first, with the words they were shown."""
    records = consent_ledger.history(person)[::-1]
    titles = dict(Programme.objects.filter(pk__in={r.programme_id for r in records}).values_list("pk", "title"))
    return [
        {
            "purpose": r.get_purpose_display(),
            "programme": titles.get(r.programme_id or 0, ""),
            "wording_version": r.wording_version,
            "wording": r.wording.text if r.wording else "",
            "given_at": r.given_at,
            "withdrawn_at": r.withdrawn_at,
            "replaced_at": r.replaced_at,
        }
        for r in records
    ]


def _json(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, indent=1)


def zip_bytes(bundle: Bundle) -> bytes:
    """The bundle as a ZIP: data.json, one JSON per kind of data, summary.html and README.txt."""
    data = {
        "made_at": bundle.made_at,
        "person": bundle.person,
        "data": {s.title: {"table": s.model, "rows": s.rows} for s in bundle.sections},
        "audit_trail_about_you": bundle.audit,
        "audit_trail_of_what_you_did": bundle.done,
        "consents": bundle.consents,
        "not_included": [{"what": title, "why": why} for title, why in bundle.left_out],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", _json(data))
        for section in bundle.sections:
            archive.writestr(f"tables/{section.model.lower()}-{_slug(section.title)}.json", _json(section.rows))
        archive.writestr("summary.html", render_to_string("privacy/summary.html", {"bundle": bundle}))
        archive.writestr("README.txt", render_to_string("privacy/readme.txt", {"bundle": bundle}))
    return out.getvalue()


def _slug(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def filename(person: Person, when: dt.datetime) -> str:
    return f"common-ground-data-{person.pk}-{timezone.localtime(when):%Y-%m-%d}.zip"


def within_programme(person: Person, programme_id: int) -> bool:
    """Whether everything about the person belongs to this one programme: every role and every
    application is in it (a lead may then answer a request; otherwise the system's admin does)."""
    elsewhere = Q(person=person) & ~Q(programme_id=programme_id)
    in_it = Membership.objects.filter(person=person, programme_id=programme_id).exists()
    return (
        in_it
        and not Membership.objects.filter(elsewhere).exists()
        and not Application.objects.filter(elsewhere).exists()
    )


def within_system(person: Person, system_id: int) -> bool:
    """Whether every role and application of the person is in this system's programmes (its
    administrator may then answer a request or erase; otherwise only the site's operators can)."""
    elsewhere = Q(person=person) & ~Q(programme__system_id=system_id)
    in_it = (
        Membership.objects.filter(person=person, programme__system_id=system_id).exists()
        or Application.objects.filter(person=person, programme__system_id=system_id).exists()
    )
    return (
        in_it
        and not Membership.objects.filter(elsewhere).exists()
        and not Application.objects.filter(elsewhere).exists()
    )
