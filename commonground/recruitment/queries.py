"""Reusable reads: quota figures per cohort and the review queue, each in a fixed number of queries;
the applicant's own page; and what an emailed link opens."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core.inputs import parse_id
from commonground.programmes.models import Cohort, Membership, Programme, Sector
from commonground.programmes.where import here
from commonground.recruitment.links import LinkInvalid, offer_key
from commonground.recruitment.models import (
    REVIEWABLE,
    Application,
    ApplicationStatus,
    EligibilityRule,
    Nomination,
    Offer,
    Quota,
    QuotaDimension,
    SponsorRequest,
    token_digest,
)


@dataclass(frozen=True)
class QuotaRow:
    """One line of a cohort's quota table, now and (optionally) after a decision."""

    label: str
    minimum: int
    maximum: int
    current: int
    after: int | None = None

    @property
    def over(self) -> bool:
        return (self.after if self.after is not None else self.current) > self.maximum

    @property
    def below_minimum(self) -> bool:
        return (self.after if self.after is not None else self.current) < self.minimum

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after != self.current


@dataclass
class CohortFigures:
    """Places held in one cohort (participants plus open offers) by sector and organisation, against its quotas."""

    cohort: Cohort
    quotas: list[Quota]
    participants: int = 0
    open_offers: int = 0
    by_sector: Counter[str] = field(default_factory=Counter)
    by_organisation: Counter[int] = field(default_factory=Counter)
    organisation_names: dict[int, str] = field(default_factory=dict)

    @property
    def capacity(self) -> int:
        return self.cohort.capacity

    @property
    def held(self) -> int:
        return self.participants + self.open_offers

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.held)

    def with_offer(
        self, sector: str, organisation_id: int, organisation_name: str = ""
    ) -> "CohortFigures":
        """These figures as they would be after one more offer."""
        names = dict(self.organisation_names)
        names.setdefault(organisation_id, organisation_name)
        return replace(
            self,
            open_offers=self.open_offers + 1,
            by_sector=self.by_sector + Counter({sector: 1}),
            by_organisation=self.by_organisation + Counter({organisation_id: 1}),
            organisation_names=names,
        )

    def add_offer(self, sector: str, organisation_id: int) -> None:
        self.open_offers += 1
        self.by_sector[sector] += 1
        self.by_organisation[organisation_id] += 1

    def _count(self, quota: Quota, organisation_id: int | None = None) -> int:
        if quota.dimension == QuotaDimension.SECTOR:
            return self.by_sector[quota.sector]
        return self.by_organisation[quota.organisation_id or organisation_id or 0]

    def breaches(self, sector: str, organisation_id: int) -> list[str]:
        """Why one more offer to someone from this sector and organisation would break the cohort's rules."""
        after = self.with_offer(sector, organisation_id)
        reasons = []
        if after.held > self.capacity:
            reasons.append(
                f"{self.cohort.name} has no free place ({self.held} of {self.capacity} held)."
            )
        for quota in self.quotas:
            applies = (quota.dimension == QuotaDimension.SECTOR and quota.sector == sector) or (
                quota.dimension == QuotaDimension.ORGANISATION
                and quota.organisation_id in (None, organisation_id)
            )
            if applies and after._count(quota, organisation_id) > quota.maximum_places(
                self.capacity
            ):
                who = (
                    quota.label
                    if quota.organisation_id or quota.dimension == QuotaDimension.SECTOR
                    else "any one organisation"
                )
                reasons.append(
                    f"{self.cohort.name} would go over its maximum for {who} "
                    f"({quota.max_share}%: {quota.maximum_places(self.capacity)} places)."
                )
        # Places still needed to reach every minimum must fit in the places left after this offer.
        needed = {
            quota.label: quota.minimum_places(self.capacity) - after._count(quota)
            for quota in self.quotas
            if quota.min_share
            and (quota.dimension == QuotaDimension.SECTOR or quota.organisation_id)
        }
        short = {label: n for label, n in needed.items() if n > 0}
        if sum(short.values()) > self.capacity - after.held:
            words = ", ".join(f"{label} ({n} more)" for label, n in short.items())
            reasons.append(
                f"{self.cohort.name} would have too few places left to reach its minimum for {words}."
            )
        return reasons

    def rows(self, after: "CohortFigures | None" = None) -> list[QuotaRow]:
        """The capacity line and one line per quota (each organisation with places, for an "each" quota)."""
        rows = [QuotaRow("Places held", 0, self.capacity, self.held, after.held if after else None)]
        for quota in self.quotas:
            lo, hi = quota.minimum_places(self.capacity), quota.maximum_places(self.capacity)
            if quota.dimension == QuotaDimension.ORGANISATION and quota.organisation_id is None:
                source = after or self
                for org_id, n in sorted(source.by_organisation.items(), key=lambda kv: -kv[1]):
                    now = self.by_organisation[org_id]
                    if n == 0 or (after is None and now < hi) or (after is not None and now == n):
                        continue  # only organisations at their limit, or the one this decision moves
                    rows.append(
                        QuotaRow(
                            source.organisation_names.get(org_id, "Organisation"),
                            lo,
                            hi,
                            now,
                            n if after else None,
                        )
                    )
                continue
            rows.append(
                QuotaRow(
                    quota.label, lo, hi, self._count(quota), after._count(quota) if after else None
                )
            )
        return rows


def cohort_figures(
    programme: Programme, *, lock_cohort_ids: list[int] | None = None
) -> dict[int, CohortFigures]:
    """Quota figures for every cohort of the programme in four queries, whatever its size.

    Their totals are the places `grouping.holds.places_held` counts (participants plus open
    offers); the figures count them here because they show them apart, by sector and organisation.

    With `lock_cohort_ids` the cohort rows are locked first (inside the caller's transaction), so
    concurrent decisions on the same cohorts queue up rather than both counting the same free place.
    """
    cohorts_qs = Cohort.objects.filter(programme=programme).select_related("place").order_by("name")
    if lock_cohort_ids:
        list(
            Cohort.objects.select_for_update()
            .filter(pk__in=sorted(lock_cohort_ids))
            .order_by("pk")
            .values("pk")
        )
    figures = {c.pk: CohortFigures(cohort=c, quotas=[]) for c in cohorts_qs}
    for quota in Quota.objects.filter(cohort__programme=programme).select_related("organisation"):
        figures[quota.cohort_id].quotas.append(quota)
    members = (
        Membership.objects.participants()
        .filter(programme=programme, cohort__isnull=False)
        .alias(work=here(programme.system_id))
        .values(
            "cohort_id",
            "work__organisation_id",
            "work__organisation__sector",
            "work__organisation__name",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in members:
        f = figures[row["cohort_id"]]
        f.participants += row["n"]
        f.by_sector[row["work__organisation__sector"] or ""] += row["n"]
        f.by_organisation[row["work__organisation_id"] or 0] += row["n"]
        f.organisation_names[row["work__organisation_id"] or 0] = (
            row["work__organisation__name"] or ""
        )
    offers = (
        Offer.objects.open()
        .filter(cohort__programme=programme)
        .values(
            "cohort_id",
            "application__organisation_id",
            "application__organisation__sector",
            "application__organisation__name",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for offer_row in offers:
        f = figures[offer_row["cohort_id"]]
        f.open_offers += offer_row["n"]
        f.by_sector[offer_row["application__organisation__sector"]] += offer_row["n"]
        f.by_organisation[offer_row["application__organisation_id"]] += offer_row["n"]
        f.organisation_names[offer_row["application__organisation_id"]] = offer_row[
            "application__organisation__name"
        ]
    return figures


SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "name": ("person__full_name", "pk"),
    "organisation": ("organisation__name", "person__full_name", "pk"),
    "sector": ("organisation__sector", "person__full_name", "pk"),
    "cohort": ("cohort__name", "submitted_at", "pk"),
    "waiting": ("waitlisted_at", "submitted_at", "pk"),
}


def applications(programme: Programme) -> QuerySet[Application]:
    """Every application of the programme with what the lists show, in one query."""
    return (
        Application.objects.filter(programme=programme)
        .select_related(
            "person", "organisation", "team", "place", "cohort", "sponsor_request", "nominated_by"
        )
        .order_by("submitted_at", "pk")
    )


def filtered(
    queryset: QuerySet[Application],
    *,
    status: str = "",
    sector: str = "",
    organisation: str = "",
    cohort: str = "",
    q: str = "",
    sort: str = "submitted",
) -> QuerySet[Application]:
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    if sector in Sector.values:
        queryset = queryset.filter(organisation__sector=sector)
    if (organisation_id := parse_id(organisation)) is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    if (cohort_id := parse_id(cohort)) is not None:
        queryset = queryset.filter(cohort_id=cohort_id)
    if q:
        queryset = queryset.filter(
            Q(person__full_name__icontains=q)
            | Q(person__email__icontains=q)
            | Q(job_title__icontains=q)
        )
    return queryset.order_by(*SORTS.get(sort, SORTS["submitted"]))


def review_queue(programme: Programme) -> QuerySet[Application]:
    return applications(programme).filter(status__in=REVIEWABLE)


def status_counts(programme: Programme) -> dict[str, int]:
    counts = dict(
        Application.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in ApplicationStatus.values}


def applications_open(programme: Programme) -> bool:
    return EligibilityRule.objects.filter(programme=programme, applications_open=True).exists()


def waiting_for_support(
    programme: Programme, sponsor: Person, now: dt.datetime | None = None
) -> QuerySet[Application]:
    """Applications still being decided whose sponsor, asked at this person's address, has not yet
    answered while the emailed link still works: what a signed-in sponsor can support (one query)."""
    return (
        Application.objects.filter(
            programme=programme,
            status__in=REVIEWABLE,
            sponsor_request__sponsor_email__iexact=sponsor.email,
            sponsor_request__answered_at__isnull=True,
            sponsor_request__expires_at__gt=now or timezone.now(),
        )
        .select_related("person", "organisation", "sponsor_request", "programme")
        .order_by("submitted_at", "pk")
    )


# -- What an emailed link opens (each raises LinkInvalid for a bad, used or expired link) ----------


def sponsor_request_for(token: str, now: dt.datetime | None = None) -> SponsorRequest:
    request = (
        SponsorRequest.objects.select_related(
            "application__person", "application__programme", "application__organisation"
        )
        .filter(token_digest=token_digest(token))
        .first()
    )
    if request is None or not request.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
    return request


def nomination_for(token: str, now: dt.datetime | None = None) -> Nomination:
    nomination = (
        Nomination.objects.select_related("programme__system", "sponsor")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if nomination is None or not nomination.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
    return nomination


def offer_for(token: str) -> Offer:
    key = offer_key(token)
    offer = (
        Offer.objects.select_related(
            "application__person", "application__programme", "cohort__place"
        )
        .filter(link_key=key)
        .first()
    )
    if offer is None:
        raise LinkInvalid("This link is not valid.")
    return offer


# -- The applicant's own page ------------------------------------------------------------------------


@dataclass(frozen=True)
class MyApplication:
    """One of a person's applications as they see it: where it stands and what they can do next."""

    application: Application
    stage: str  # a plain-words stage, more precise than the status for the early steps
    offer: Offer | None = None
    cohort_name: str = ""
    waiting_position: int | None = None
    waiting_total: int | None = None
    offer_url: str = ""

    @property
    def can_withdraw(self) -> bool:
        return self.application.status in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.SPONSOR_SUPPORTED,
            ApplicationStatus.WAITLISTED,
            ApplicationStatus.OFFERED,
            ApplicationStatus.ACCEPTED,
        )


def _stage(application: Application) -> str:
    if application.status == ApplicationStatus.SUBMITTED:
        request = getattr(application, "sponsor_request", None)
        if request is not None and request.answered_at is None:
            return "Submitted: waiting for your sponsor's support"
        return "Under review"
    if application.status == ApplicationStatus.SPONSOR_SUPPORTED:
        return "Under review (your sponsor supports it)"
    return str(application.get_status_display())


def waiting_position(application: Application) -> tuple[int, int]:
    """Place in the cohort's waiting-list order (the order promotion follows) and how many are waiting."""
    waiting = Application.objects.filter(
        cohort_id=application.cohort_id or 0, status=ApplicationStatus.WAITLISTED
    )
    at, submitted = application.waitlisted_at, application.submitted_at
    ahead = waiting.filter(
        Q(waitlisted_at__lt=at)
        | Q(waitlisted_at=at, submitted_at__lt=submitted)
        | Q(waitlisted_at=at, submitted_at=submitted, pk__lt=application.pk)
    ).count()
    return ahead + 1, waiting.count()


def my_applications(person: Person) -> list[MyApplication]:
    """Every application of this person, newest first, with open offers and accepted cohorts (three queries,
    plus two for each application on a waiting list)."""
    rows = list(
        Application.objects.filter(person=person)
        .select_related("programme", "cohort", "sponsor_request")
        .order_by("-submitted_at", "-pk")
    )
    offers = {
        o.application_id: o
        for o in Offer.objects.open().filter(application__in=rows).select_related("cohort")
    }
    cohorts = dict(
        Membership.objects.participants()
        .filter(person=person, cohort__isnull=False)
        .values_list("programme_id", "cohort__name")
    )
    mine = []
    for a in rows:
        position = total = None
        if a.status == ApplicationStatus.WAITLISTED and a.cohort_id and a.waitlisted_at:
            position, total = waiting_position(a)
        cohort_name = (
            cohorts.get(a.programme_id, "")
            if a.status == ApplicationStatus.ACCEPTED
            else (a.cohort.name if a.cohort else "")
        )
        mine.append(MyApplication(a, _stage(a), offers.get(a.pk), cohort_name, position, total))
    return mine
