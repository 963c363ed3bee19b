"""Recruitment data for the demo programme: about sixty applications in every state, so the lead's review
queue, quotas and waiting list are alive in `make run`, and the demo participant's own accepted application
(their "My applications" page). Written with bulk inserts; its size does not grow
with the number of participants."""

import datetime as dt
import random
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F
from django.utils import timezone

from commonground.accounts.models import Person, Profession, Seniority
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.models import Cohort, Membership, Organisation, Programme, Role, Sector
from commonground.programmes.where import where
from commonground.recruitment.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Decision,
    EligibilityRule,
    Offer,
    OfferStatus,
    Quota,
    QuotaDimension,
    SponsorRequest,
    new_token,
)

LATE_PLACES = 8  # places each cohort holds back for this late round of recruitment
FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jonah",
    "Kiran",
    "Lucy",
    "Mateusz",
    "Nia",
    "Oren",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
]
LAST = [
    "Adeyemi",
    "Brook",
    "Chowdhury",
    "Dale",
    "Ellis",
    "Fraser",
    "Gill",
    "Hart",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lane",
    "Mensah",
    "Nowak",
    "Okafor",
    "Patel",
    "Reid",
    "Shah",
    "Turner",
    "Wood",
]
WHY = [
    "Our discharge delays sit between the ward, the council and the care homes; I want to fix that with them.",
    "I lead a small charity team and want to be in the room where local decisions are made.",
    "Frontline colleagues in housing see health problems first; I want to build those links.",
    "I have just stepped up to lead a team and want to learn from leaders outside the NHS.",
]
# (status, how many)
MIX = [
    (ApplicationStatus.SUBMITTED, 16),  # waiting for their sponsor
    (ApplicationStatus.SPONSOR_SUPPORTED, 18),
    (ApplicationStatus.WAITLISTED, 10),
    (ApplicationStatus.OFFERED, 8),
    (ApplicationStatus.REJECTED, 4),
    (ApplicationStatus.DECLINED, 2),
    (ApplicationStatus.LAPSED, 2),
    (ApplicationStatus.WITHDRAWN, 2),
]
PARTICIPANT_SIGN_IN = "participant@demo.example"  # applied and accepted: "My applications" shows it


def seed_recruitment_demo(*, programme: Programme, rng: random.Random) -> int:
    """Open applications with eligibility rules and quotas, and about sixty applications in every state."""
    now = timezone.now()
    EligibilityRule.objects.create(
        programme=programme,
        allowed_seniority=[Seniority.FRONTLINE, Seniority.TEAM_LEADER, Seniority.SERVICE_MANAGER],
    )
    Cohort.objects.filter(programme=programme).update(capacity=F("capacity") + LATE_PLACES)
    cohorts = list(
        Cohort.objects.filter(programme=programme).select_related("place").order_by("name")
    )
    Quota.objects.bulk_create(
        [
            Quota(
                cohort=c,
                dimension=QuotaDimension.SECTOR,
                sector=Sector.VOLUNTARY_COMMUNITY,
                min_share=10,
            )
            for c in cohorts
        ]
        + [
            Quota(cohort=c, dimension=QuotaDimension.SECTOR, sector=Sector.NHS_ACUTE, max_share=30)
            for c in cohorts
        ]
        + [Quota(cohort=c, dimension=QuotaDimension.ORGANISATION, max_share=20) for c in cohorts]
    )
    links = Organisation.places.through.objects.filter(organisation__system=programme.system_id)
    by_place: dict[int, list[int]] = {}
    for org_id, place_id in links.values_list("organisation_id", "place_id").order_by(
        "organisation_id", "place_id"
    ):
        by_place.setdefault(place_id, []).append(org_id)
    orgs = Organisation.objects.filter(system=programme.system_id).in_bulk()
    statuses = [status for status, n in MIX for _ in range(n)]
    people, rows, works = [], [], []
    for i, status in enumerate(statuses):
        cohort = cohorts[i % len(cohorts)]
        assert cohort.place_id is not None
        org = orgs[rng.choice(by_place[cohort.place_id])]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        person = Person(
            email=f"{first.lower()}.{last.lower()}.applicant{i:02d}@apply.example",
            full_name=f"{first} {last}",
            seniority=rng.choice(Seniority.values[:3]),
            profession=rng.choice(Profession.values),
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
        )
        people.append(person)
        works.append(Work(organisation=org, place=cohort.place))
        submitted = now - dt.timedelta(days=30 - i % 28, hours=i)
        rows.append(
            Application(
                programme=programme,
                person=person,
                cohort=cohort,
                status=status,
                # Nominations start out supported, so none waits for its sponsor.
                source=ApplicationSource.NOMINATION
                if i % 5 == 0 and status != ApplicationStatus.SUBMITTED
                else ApplicationSource.FORM,
                organisation=org,
                place_id=cohort.place_id,
                job_title="Team Leader",
                profession=person.profession,
                seniority=person.seniority,
                why_now=rng.choice(WHY),
                sponsor_name="Their line manager",
                sponsor_email=f"manager{i:02d}@apply.example",
                consented_at=submitted,
                submitted_at=submitted,
                waitlisted_at=submitted + dt.timedelta(days=7)
                if status == ApplicationStatus.WAITLISTED
                else None,
            )
        )
    Person.objects.bulk_create(people)
    record_new((p, programme.system_id, w) for p, w in zip(people, works, strict=True))
    for application, person in zip(rows, people, strict=True):
        application.person = person
    signed_in = (
        Membership.objects.filter(
            programme=programme,
            role=Role.PARTICIPANT,
            person__email=PARTICIPANT_SIGN_IN,
            cohort__isnull=False,
        )
        .select_related("person", "cohort")
        .first()
    )
    you = signed_in.person if signed_in is not None else None
    work = where(you.pk, system_id=programme.system_id) if you is not None else None
    if signed_in is not None and you is not None and work and work.organisation_id and work.place_id:
        submitted = now - dt.timedelta(days=60)
        rows.append(
            Application(
                programme=programme,
                person=you,
                cohort=signed_in.cohort,
                status=ApplicationStatus.ACCEPTED,
                organisation_id=work.organisation_id,
                place_id=work.place_id,
                job_title=you.job_title,
                profession=you.profession,
                seniority=you.seniority or Seniority.TEAM_LEADER,
                why_now=WHY[0],
                sponsor_name="Their line manager",
                sponsor_email="manager.participant@apply.example",
                consented_at=submitted,
                submitted_at=submitted,
            )
        )
    applications = Application.objects.bulk_create(rows)
    Decision.objects.bulk_create(
        [
            Decision(
                application=a,
                from_status="",
                to_status=ApplicationStatus.SUBMITTED,
                at=a.submitted_at,
            )
            for a in applications
        ]
        + [
            Decision(
                application=a,
                from_status=ApplicationStatus.SUBMITTED,
                to_status=a.status,
                reason="Not yet in a role that leads others"
                if a.status == ApplicationStatus.REJECTED
                else "",
                at=a.submitted_at + dt.timedelta(days=7),
            )
            for a in applications
            if a.status != ApplicationStatus.SUBMITTED
        ]
    )
    # Every application past the first step was supported: by nomination, or by its sponsor's answer
    # to the emailed link, recorded here, so its page and the review queue say the same thing.
    SponsorRequest.objects.bulk_create(
        [
            SponsorRequest(
                application=a,
                sponsor_email=a.sponsor_email,
                token_digest=new_token()[1],
                created_at=a.submitted_at,
                expires_at=a.submitted_at + dt.timedelta(days=14),
            )
            for a in applications
            if a.status == ApplicationStatus.SUBMITTED
        ]
        + [
            SponsorRequest(
                application=a,
                sponsor_email=a.sponsor_email,
                token_digest=new_token()[1],
                created_at=a.submitted_at,
                expires_at=a.submitted_at + dt.timedelta(days=14),
                answered_at=a.submitted_at + dt.timedelta(days=3),
                supported=True,
            )
            for a in applications
            if a.status != ApplicationStatus.SUBMITTED and a.source == ApplicationSource.FORM
        ]
    )
    Offer.objects.bulk_create(
        [
            Offer(
                application=a,
                cohort=a.cohort,
                made_at=now - dt.timedelta(days=n % 5),
                deadline=now + dt.timedelta(days=7 - n % 5, hours=1),
            )
            for n, a in enumerate(a for a in applications if a.status == ApplicationStatus.OFFERED)
        ]
        + [
            Offer(
                application=a,
                cohort=a.cohort,
                made_at=a.submitted_at + dt.timedelta(days=7),
                deadline=a.submitted_at + dt.timedelta(days=14),
                status=OfferStatus.LAPSED,
            )
            for a in applications
            if a.status == ApplicationStatus.LAPSED
        ]
        + [
            Offer(
                application=a,
                cohort=a.cohort,
                made_at=a.submitted_at + dt.timedelta(days=7),
                deadline=a.submitted_at + dt.timedelta(days=14),
                status=OfferStatus.ACCEPTED,
                responded_at=a.submitted_at + dt.timedelta(days=8),
            )
            for a in applications
            if a.status == ApplicationStatus.ACCEPTED
        ]
    )
    return len(applications)
