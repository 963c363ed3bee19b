"""Deferral: a participant who cannot continue moves to the next intake of the same template.

Their record stays where it was made (attendance, self-assessments, goals, the audit trail are the
programme's they leave); they leave their cohort through its one owner (`programmes/cohorts.py`, so
the schedule withdraws their invitations and grouping takes them out of learning sets), and join a
cohort of the next intake as an accepted applicant, in the place they were in when it has room.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.blueprints.models import Deferral
from commonground.blueprints.queries import next_intake
from commonground.core.inputs import one_line
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.grouping.holds import places_held
from commonground.programmes.cohorts import join_cohort, set_cohort
from commonground.programmes.models import Cohort, Membership, Programme, Role
from commonground.programmes.where import where
from commonground.recruitment.models import Application, ApplicationSource, ApplicationStatus
from commonground.recruitment.services.common import log_decision


@transaction.atomic
def defer_participant(
    *, programme: Programme, person: Person, by: Person, reason: str = "", request: HttpRequest | None = None
) -> Deferral:
    """Move a participant of `programme` to a cohort of its next intake, keeping their record here;
    refused, with nothing changed, when there is no next intake or no place left in it."""
    reason = one_line(reason)
    target = next_intake(programme)
    if target is None:
        raise ValidationError(
            f"{programme.title} has no next intake yet: start one from a template, then defer {person.full_name}."
        )
    # Cohorts before memberships and applications, as accepting an offer locks them.
    cohorts = list(Cohort.objects.select_for_update().filter(programme=target).order_by("starts_on", "name"))
    membership = (
        Membership.objects.select_for_update(of=("self",)).select_related("cohort")
        .filter(programme=programme, person=person, role=Role.PARTICIPANT).first()
    )
    if membership is None:
        raise ValidationError(f"{person.full_name} is not a participant of {programme.title}.")
    if Deferral.objects.filter(person=person, from_programme=programme).exists():
        raise ValidationError(f"{person.full_name} has already been deferred from {programme.title}.")
    if Membership.objects.filter(programme=target, person=person, role=Role.PARTICIPANT).exists():
        raise ValidationError(f"{person.full_name} already takes part in {target.title}.")
    if Application.objects.filter(programme=target, person=person).exists():
        raise ValidationError(f"{person.full_name} has already applied to {target.title}: decide that application.")
    cohort = _cohort_with_room(cohorts, place_id=membership.cohort.place_id if membership.cohort else None)
    if cohort is None:
        raise ValidationError(f"Every cohort of {target.title} is full: add places to one of them first.")
    left = membership.cohort
    now = timezone.now()
    set_cohort(membership=membership, cohort=None, now=now)
    deferral = Deferral.objects.create(
        person=person, from_programme=programme, to_programme=target, from_cohort_name=left.name if left else "",
        to_cohort_name=cohort.name, reason=reason, by=by,
    )
    _accepted_application(programme=programme, target=target, cohort=cohort, person=person, by=by)
    join_cohort(person=person, cohort=cohort, now=now, actor_id=by.pk, request=request)
    audit.changes(
        audit.Change("deferral", [person.pk], ["cohort", "programme"], deferral.pk),
        request=request, actor_id=by.pk, programme_id=programme.pk,
    )
    send_templated_on_commit(
        "blueprints/email/deferred", subject=f"Your place moves to {target.title}", to=person.email,
        context={
            "person": person, "programme": programme, "target": target, "cohort": cohort,
            "link": absolute_reverse("homes:home", target.pk),
        },
    )
    return deferral


def _cohort_with_room(cohorts: list[Cohort], *, place_id: int | None) -> Cohort | None:
    """The first cohort with a free place, those in the person's place first."""
    ids = [c.pk for c in cohorts]
    taken = dict.fromkeys(ids, 0)
    for cohort_id in Membership.objects.participants().filter(cohort_id__in=ids).values_list("cohort_id", flat=True):
        taken[cohort_id] += 1
    for cohort_id, held in places_held(ids).items():
        taken[cohort_id] = taken.get(cohort_id, 0) + held
    ranked = sorted(cohorts, key=lambda c: c.place_id != place_id)  # stable: their place, then by date
    return next((c for c in ranked if taken[c.pk] < c.capacity), None)


def _accepted_application(
    *, programme: Programme, target: Programme, cohort: Cohort, person: Person, by: Person
) -> None:
    """An accepted application to the next intake, with what they told the first (or where they work)."""
    first = Application.objects.filter(programme=programme, person=person).first()
    work = where(person.pk, system_id=target.system_id)
    organisation = first.organisation if first else work.organisation
    place = first.place if first else (work.place or cohort.place)
    seniority = first.seniority if first else person.seniority
    if organisation is None or place is None or not seniority:
        return  # too little known to apply for them: they join as a participant, without an application
    application = Application.objects.create(
        programme=target, person=person, cohort=cohort, status=ApplicationStatus.ACCEPTED,
        source=first.source if first else ApplicationSource.IMPORT, organisation=organisation,
        team=first.team if first else work.team, place=place,
        job_title=first.job_title if first else person.job_title,
        profession=first.profession if first else person.profession,
        seniority=seniority,
        why_now=first.why_now if first else "", access_needs=first.access_needs if first else "",
        consented_at=first.consented_at if first else timezone.now(),
    )
    log_decision(
        application, ApplicationStatus.ACCEPTED, by=by, from_status="",
        reason=f"Deferred from {programme.title}, keeping their place.",
    )
