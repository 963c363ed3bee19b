"""Programme pages: the overview, cohorts, the organisation directory and people."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from commonground.accounts import audit
from commonground.core import charts, exports, figure_store
from commonground.core.inputs import search_words
from commonground.core.pdf import download
from commonground.programmes import figures, queries, targets, where
from commonground.programmes.models import Cohort, Membership, Organisation, Role
from commonground.programmes.permissions import person_from, programme_access, require

PAGE_SIZE = 100
# What a cohort's page lists about each participant, as the audit trail names it (staff see more).
COHORT_LIST_FIELDS = ("full_name", "organisation", "job_title")
COHORT_LIST_STAFF_FIELDS = (*COHORT_LIST_FIELDS, "sector", "seniority")
SPONSOR_LIST_LIMIT = 50  # the rest are a click away, cohort by cohort
SPONSORED_FIELDS = ("full_name", "cohort")


@login_required
def overview(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    programme = access.programme
    context: dict[str, object] = {"access": access, "programme": programme}
    if access.is_staff or access.is_funder:
        stored = figures.stored_reach(programme)  # the same protected table for every role, computed once
        published = stored.value
        context["figures_computed"] = figure_store.computed(stored)
        context["total_shown"] = published.total is not None
        context["reach_chart"] = by_place = _reach_chart(published.by_place, queries.places_offered_by_place(programme))
        organisations = queries.organisations_taking_part(programme)
        context["headline"] = {"total": published.total, "organisations": organisations}
        if access.is_staff:
            context["lead_figures"] = {
                "total": published.total,
                "organisations": organisations,
                "by_sector": published.by_sector,
                "by_place": published.by_place,
                "by_cohort": published.by_cohort,
                "by_seniority": published.by_seniority,
            }
            capacities = access.visible_cohorts().values_list("name", "capacity")
            context["breakdowns"] = [  # (tab id, tab, chart): one breakdown at a time
                ("place", "Place", by_place),
                ("sector", "Sector", _breakdown_chart("sector", "Sector", published.by_sector,
                                                      targets.sector_targets(programme))),
                ("cohort", "Cohort", _breakdown_chart("cohort", "Cohort", published.by_cohort,
                                                      {name: targets.Target(at_least=n) for name, n in capacities},
                                                      places=True)),
                ("seniority", "Seniority", _breakdown_chart("seniority", "Seniority band", published.by_seniority, {})),
            ]
        else:
            context["funder_figures"] = {
                "total": published.total,
                "organisations": organisations,
                "by_family": published.by_family,
                "by_place": published.by_place,
            }
            context["breakdowns"] = [
                ("place", "Place", by_place),
                ("sector", "Sector", _breakdown_chart("sector", "Sector", published.by_family, {})),
            ]
        context["funding"] = queries.funding_summary(programme, participants=published.total or 0)
        context["contributions"] = queries.contributions_by_funder(programme)
    context["you_work"] = where.where(access.person.pk, system_id=programme.system_id)
    if access.is_participant:
        context["my_cohorts"] = list(access.visible_cohorts().annotate(size=Count("memberships", filter=Q(memberships__role=Role.PARTICIPANT))))
    if access.is_sponsor:
        sponsored = (
            Membership.objects.participants()
            .filter(
                programme=programme,
                person__affiliations__system_id=programme.system_id,
                person__affiliations__organisation_id=access.sponsored_organisation_id,
            )
            .select_related("person", "cohort")
            .order_by("person__full_name")
        )
        shown = list(sponsored[:SPONSOR_LIST_LIMIT])
        context["sponsored"] = shown
        context["sponsored_total"] = sponsored.count()
        audit.viewed(
            request, subject_ids=[m.person_id for m in shown], what="sponsored_people",
            fields=SPONSORED_FIELDS, programme_id=programme.pk,
        )
    return render(request, "programmes/overview.html", context)


def _reach_chart(by_place: list[figures.FigureRow], offered: dict[str, int]) -> charts.Chart:
    """Participants by place, as published, against the places that place's cohorts offer."""
    return charts.bar_chart(
        key="reach-by-place", title="Participants by place", label_heading="Place", value_heading="Participants",
        target_heading="Places offered", wide=True,
        bars=[charts.Bar(row.label, row.count, target=offered.get(row.label)) for row in by_place],
    )


def _breakdown_chart(
    key: str, label_heading: str, rows: list[figures.FigureRow], against: dict[str, targets.Target], *,
    places: bool = False,
) -> charts.Chart:
    """Participants by one breakdown, as published, against its targets: the places offered ("80 of
    100" beside each bar), or the places a sector's quotas set aside at least and allow at most."""
    return charts.bar_chart(
        key=f"reach-by-{key}", title=f"Participants by {label_heading.lower()}", label_heading=label_heading,
        value_heading="Participants", target_heading="Places offered" if places else "Quota: at least",
        limit_heading="Quota: at most", wide=True, of_target=places,
        bars=[
            charts.Bar(row.label, row.count, target=against[row.label].at_least, limit=against[row.label].at_most)
            if row.label in against else charts.Bar(row.label, row.count)
            for row in rows
        ],
    )


@login_required
def cohort_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.sees_people)
    cohorts = access.visible_cohorts().order_by("name")
    participants = Q(memberships__role=Role.PARTICIPANT)
    if access.is_sponsor and not access.is_staff and not access.is_participant:
        # A sponsor counts only the people from the organisation they sponsor.
        participants &= Q(
            memberships__person__affiliations__system_id=access.programme.system_id,
            memberships__person__affiliations__organisation_id=access.sponsored_organisation_id,
        )
    cohorts = cohorts.annotate(size=Count("memberships", filter=participants))
    return render(
        request, "programmes/cohort_list.html", {"access": access, "programme": access.programme, "cohorts": cohorts}
    )


@login_required
def cohort_detail(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    cohort = get_object_or_404(Cohort.objects.select_related("place"), pk=cohort_id, programme=access.programme)
    require(access, access.can_see_cohort(cohort))
    q = search_words(request.GET.get("q"))
    members = _matching(access.visible_participants(cohort), q, system_id=access.programme.system_id)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    where.attach((m.person for m in page.object_list), system_id=access.programme.system_id)
    audit.viewed(
        request, subject_ids=[m.person_id for m in page.object_list], what="cohort_list",
        fields=COHORT_LIST_STAFF_FIELDS if access.is_staff else COHORT_LIST_FIELDS, object_id=cohort.pk,
        programme_id=access.programme.pk,
    )
    return render(
        request,
        "programmes/cohort_detail.html",
        {"access": access, "programme": access.programme, "cohort": cohort, "page": page, "q": q},
    )


def _matching(members: QuerySet[Membership], q: str, *, system_id: int) -> QuerySet[Membership]:
    """Members whose name, or the name of the organisation they work for in this system, holds
    every word searched for (case aside)."""
    if not q:
        return members
    members = members.alias(work=where.here(system_id))
    for word in q.split():
        members = members.filter(Q(person__full_name__icontains=word) | Q(work__organisation__name__icontains=word))
    return members


@login_required
def cohort_people_export(request: HttpRequest, programme_id: int, cohort_id: int, fmt: str) -> HttpResponse:
    """A cohort's list as staff see it (the search kept, every page), as CSV or XLSX, recorded as an export."""
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_staff)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("No such format.")
    cohort = get_object_or_404(Cohort.objects.select_related("place"), pk=cohort_id, programme=access.programme)
    q = search_words(request.GET.get("q"))
    members = list(_matching(access.visible_participants(cohort), q, system_id=access.programme.system_id))
    where.attach((m.person for m in members), system_id=access.programme.system_id)
    header = ["Name", "Organisation", "Role", "Sector", "Seniority"]
    rows = [
        [
            m.person.full_name,
            m.person.where.organisation.name if m.person.where.organisation else "",
            m.person.job_title or m.person.get_profession_display() or "",
            m.person.where.organisation.get_sector_display() if m.person.where.organisation else "",
            m.person.get_seniority_display() or "",
        ]
        for m in members
    ]
    audit.exported(
        request, what="cohort_list", subject_ids=[m.person_id for m in members], fields=COHORT_LIST_STAFF_FIELDS,
        programme_id=access.programme.pk,
    )
    return download(
        exports.table_file(fmt, title=cohort.name[:31], header=header, rows=rows),
        filename=f"cohort-{cohort.pk}-people-{timezone.localdate().isoformat()}.{fmt}",
        content_type=exports.CONTENT_TYPES[fmt],
    )


@login_required
def organisation_list(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    rows = (
        Organisation.objects.filter(
            affiliations__system_id=access.programme.system_id,
            affiliations__person__memberships__programme=access.programme,
            affiliations__person__memberships__role=Role.PARTICIPANT,
        )
        .distinct()
        .prefetch_related("places")
        .order_by("name")
    )
    counts = figures.reach(access.programme).organisations
    organisations = []
    hidden = 0
    for org in rows:
        count = counts[org.pk].count if org.pk in counts else None
        if access.is_staff or count is not None:
            organisations.append({"organisation": org, "participants": count})
        else:
            # Even a name says someone from a small organisation takes part: only staff see those.
            hidden += 1
    return render(
        request,
        "programmes/organisation_list.html",
        {"access": access, "programme": access.programme, "organisations": organisations, "hidden": hidden},
    )


@login_required
def person_detail(request: HttpRequest, programme_id: int, person_id: int) -> HttpResponse:
    viewer = person_from(request)
    access = programme_access(viewer, programme_id)
    if person_id == viewer.pk:
        membership = Membership.objects.filter(programme=access.programme, person=viewer).select_related(
            "person", "cohort"
        ).first()
    else:
        membership = (
            access.visible_participants()
            .filter(person_id=person_id)
            .first()
        )
    if membership is None:
        require(access, False)
    assert membership is not None
    where.attach([membership.person], system_id=access.programme.system_id)
    show_private = access.is_staff or person_id == viewer.pk
    needs = show_private and bool(membership.person.accessibility_needs)
    audit.page_viewed(
        request,
        audit.Shown("person", [person_id], audit.PROFILE_FIELDS),
        audit.Shown("access_needs", [person_id] if needs else [], ["accessibility_needs"]),
        programme_id=access.programme.pk,
    )
    return render(
        request,
        "programmes/person_detail.html",
        {
            "access": access,
            "programme": access.programme,
            "subject": membership.person,
            "membership": membership,
            "show_private": show_private,
        },
    )
