"""A person's own consents: every dated record with the wording they were shown, and withdrawal.

Privacy sits above every feature, so this page can hand a withdrawal to the feature that owns the
choice: each withdrawal goes through that feature's service, which dates the ledger row and does
everything else withdrawing has always done (not being listed deletes one's survey answers;
withdrawing health-data or equality consent deletes those answers), in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commonground.accounts import consent_ledger
from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person
from commonground.accounts.people import person_from
from commonground.development import equality
from commonground.development import services as development
from commonground.network import services as network
from commonground.network.models import RosterConsent
from commonground.programmes.models import Programme

# What withdrawing does, said on the button's page before the person presses it.
CONSEQUENCES: dict[str, str] = {
    Purpose.ROSTER: "You will appear in no list, count or map, and your survey answers are deleted.",
    Purpose.NAMED_ON_MAPS: "You stay listed, as an anonymous dot on programme maps.",
    Purpose.HEALTH_DATA: "Your resilience and wellbeing answers are deleted.",
    Purpose.EQUALITY: "Your equality monitoring answers are deleted.",
}


@dataclass(frozen=True)
class ConsentLine:
    record: ConsentRecord
    programme: str
    consequence: str


def _unlist(person: Person, programme: Programme) -> None:
    network.decide_roster_consent(person=person, programme=programme, listed=False, named_on_maps=False)


def _unname(person: Person, programme: Programme) -> None:
    listed = RosterConsent.objects.filter(person=person, programme=programme, listed=True).exists()
    network.decide_roster_consent(person=person, programme=programme, listed=listed, named_on_maps=False)


def _health(person: Person, programme: Programme) -> None:
    development.withdraw_health_consent(person=person, programme=programme)


def _equality(person: Person, programme: Programme) -> None:
    equality.withdraw_equality_consent(person=person, programme=programme)


WITHDRAW: dict[str, Callable[[Person, Programme], None]] = {
    Purpose.ROSTER: _unlist,
    Purpose.NAMED_ON_MAPS: _unname,
    Purpose.HEALTH_DATA: _health,
    Purpose.EQUALITY: _equality,
}


@transaction.atomic
def withdraw_consent(*, person: Person, record_id: int) -> ConsentRecord:
    """Withdraw one of the person's consents in force through its feature; Http404 for any other."""
    record = ConsentRecord.objects.select_for_update().filter(pk=record_id, person=person).first()
    if record is None or not record.in_force:
        raise Http404("No such consent in force.")
    programme = Programme.objects.filter(pk=record.programme_id).first() if record.programme_id else None
    if programme is None:
        # The programme is gone, and its feature's rows with it: only the ledger is left to date.
        consent_ledger.withdraw(person=person, purpose=Purpose(record.purpose), programme_id=record.programme_id)
    else:
        WITHDRAW[record.purpose](person, programme)
    record.refresh_from_db()
    return record


@login_required
def my_consents(request: HttpRequest) -> HttpResponse:
    """Every consent the person gave, newest first, with its wording and dates."""
    person = person_from(request)
    records = consent_ledger.history(person)
    titles = dict(Programme.objects.filter(pk__in={r.programme_id for r in records}).values_list("pk", "title"))
    lines = [
        ConsentLine(record, titles.get(record.programme_id or 0, ""), CONSEQUENCES.get(record.purpose, ""))
        for record in records
    ]
    return render(request, "privacy/consents.html", {"lines": lines})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, record_id: int) -> HttpResponse:
    record = withdraw_consent(person=person_from(request), record_id=record_id)
    messages.success(request, f"Withdrawn: {record.get_purpose_display().lower()}. {CONSEQUENCES[record.purpose]}")
    return redirect("privacy:consents")
