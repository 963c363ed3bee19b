"""The fault tests' hands inside the cluster's database: run by scripts/faults.py with the cluster's
settings (var/cluster/env), never by the product. Each command prints one line of JSON.

    python scripts/faults_probe.py mail N [PREFIX]    queue N messages to PREFIX-1@… through the product's mail path
    python scripts/faults_probe.py queue              what the task queue and the outgoing mail hold
    python scripts/faults_probe.py offers N PLACES    N offers open for a cohort with PLACES places left
    python scripts/faults_probe.py cohort ID STAMP    a cohort's participants, capacity and that run's offers
    python scripts/faults_probe.py bystanders N       N participants nobody in a load plan is signed in as
    python scripts/faults_probe.py erase ID...        erase these people, one erasure each
    python scripts/faults_probe.py people ID...       which of these person ids exist
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")

MARK = "faults.example"  # the domain of every address these checks make up


def queue_mail(count: int, prefix: str) -> dict[str, Any]:
    from django.core.mail import EmailMessage

    from commonground.accounts.models import OutgoingMail

    before = OutgoingMail.objects.count()
    for number in range(count):
        EmailMessage(subject=f"Fault check {number + 1}", body="A message queued by the fault tests.",
                     to=[f"{prefix}-{number + 1}@{MARK}"]).send()
    return {"queued": OutgoingMail.objects.count() - before}


def queue_state() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from commonground.accounts.models import OutgoingMail

    statuses = Counter(
        f"{path.rsplit('.', 1)[-1]}:{status}" for path, status in DBTaskResult.objects.values_list("task_path", "status")
    )
    reruns = [
        {"id": str(t.pk), "workers": t.worker_ids, "status": t.status}
        for t in DBTaskResult.objects.filter(task_path__endswith="deliver_email") if len(t.worker_ids) > 1
    ]
    return {"outgoing": OutgoingMail.objects.count(), "tasks": dict(statuses), "reruns": reruns}


def open_offers(count: int, places: int) -> dict[str, Any]:
    """A cohort of the demo's main programme left with `places` places, and `count` people each
    holding an open offer for it, made through the product's own offer service (mail included)."""
    from django.db import transaction
    from django.utils import timezone

    from commonground.accounts.models import Person
    from commonground.programmes.models import Cohort, Membership
    from commonground.recruitment.links import offer_path
    from commonground.recruitment.models import Application, ApplicationStatus
    from commonground.recruitment.services.decisions import make_offer

    now = timezone.now()
    stamp = int(now.timestamp())  # this run's people, apart from an earlier run's
    cohort = Cohort.objects.filter(place__isnull=False).order_by("pk").first()
    if cohort is None:
        raise SystemExit("faults: the cluster's database holds no cohort: seed it first")
    with transaction.atomic():
        taken = Membership.objects.participants().filter(cohort=cohort).count()
        cohort.capacity = taken + places
        cohort.save(update_fields=["capacity"])
        organisation = cohort.programme.system.organisations.order_by("pk").first()
        paths = []
        for number in range(count):
            person = Person.objects.create(email=f"offer-{stamp}-{number + 1}@{MARK}",
                                           full_name=f"Applicant {number + 1}")
            application = Application.objects.create(
                programme=cohort.programme, person=person, cohort=cohort, status=ApplicationStatus.SUBMITTED,
                organisation=organisation, place=cohort.place, consented_at=now, submitted_at=now,
            )
            offer = make_offer(application, cohort, by=None, reason="The fault tests' last places", now=now,
                               deadline=now + dt.timedelta(days=7))
            paths.append(offer_path(offer))
    return {"cohort": cohort.pk, "stamp": stamp, "capacity": cohort.capacity, "taken": taken, "paths": paths}


def cohort_state(cohort_id: int, stamp: int) -> dict[str, Any]:
    from commonground.programmes.models import Cohort, Membership
    from commonground.recruitment.models import Offer

    cohort = Cohort.objects.get(pk=cohort_id)
    offers = Counter(Offer.objects.filter(cohort=cohort, application__person__email__startswith=f"offer-{stamp}-")
                     .values_list("status", flat=True))
    return {"capacity": cohort.capacity, "participants": Membership.objects.participants().filter(cohort=cohort).count(),
            "offers": dict(offers)}


def bystanders(count: int, plan: Path) -> dict[str, Any]:
    from commonground.programmes.models import Membership, Role

    planned = {p["person"] for p in json.loads(plan.read_text())["people"]}
    people = (
        Membership.objects.filter(role=Role.PARTICIPANT).exclude(person_id__in=planned)
        .order_by("-person_id").values_list("person_id", "person__email")[:count]
    )
    return {"people": [{"id": pk, "email": email} for pk, email in people]}


def erase(ids: list[int]) -> dict[str, Any]:
    """Erase these people one by one, as a lead's erasure does (privacy/erasure.py)."""
    from commonground.accounts.models import Person
    from commonground.privacy import erasure

    for person in Person.objects.filter(pk__in=ids):
        erasure.erase(person=person)
    return people(ids)


def people(ids: list[int]) -> dict[str, Any]:
    from commonground.accounts.models import Person

    return {"present": sorted(Person.objects.filter(pk__in=ids).values_list("pk", flat=True)),
            "total": Person.objects.count()}


def main(argv: list[str]) -> int:
    import django

    django.setup()
    command, *rest = argv
    if command == "mail":
        out = queue_mail(int(rest[0]), rest[1] if len(rest) > 1 else "check")
    elif command == "queue":
        out = queue_state()
    elif command == "offers":
        out = open_offers(int(rest[0]), int(rest[1]))
    elif command == "cohort":
        out = cohort_state(int(rest[0]), int(rest[1]))
    elif command == "bystanders":
        out = bystanders(int(rest[0]), Path(rest[1]))
    elif command == "erase":
        out = erase([int(x) for x in rest])
    elif command == "people":
        out = people([int(x) for x in rest])
    else:
        raise SystemExit(f"faults_probe: unknown command {command!r}\n{__doc__}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
