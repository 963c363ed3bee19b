"""Where a signed-in person starts: their programmes, and each programme's home, which says what
to do next for every role the person holds there, the most urgent first."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commonground.accounts import audit
from commonground.homes.facilitator import FacilitatorHome, facilitator_home
from commonground.homes.funder import FunderHome, funder_home
from commonground.homes.lead import LeadHome, lead_home
from commonground.homes.participant import ParticipantHome, participant_home
from commonground.homes.sponsor import SponsorHome, sponsor_home
from commonground.programmes.models import Membership, Programme
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
)

type RoleHome = LeadHome | FacilitatorHome | ParticipantHome | SponsorHome | FunderHome


@dataclass(frozen=True)
class Section:
    """One role's part of the home page; `kind` names its partial in the template."""

    kind: str
    home: RoleHome


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """A person in one programme goes straight to its home; with several, they choose."""
    person = person_from(request)
    programmes = list(
        Programme.objects.filter(memberships__person=person).distinct().order_by("-starts_on", "title")
    )
    if len(programmes) == 1:
        return redirect("homes:home", programme_id=programmes[0].pk)
    roles = {
        (m.programme_id, m.get_role_display())
        for m in Membership.objects.filter(person=person).only("programme_id", "role")
    }
    cards = [
        {"programme": p, "roles": sorted(label for pid, label in roles if pid == p.pk)} for p in programmes
    ]
    return render(request, "homes/programmes.html", {"cards": cards})


@login_required
def home(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    sections = role_sections(access)
    for section in sections:
        if isinstance(section.home, SponsorHome) and section.home.waiting:
            # The applicants' names, shown to the sponsor asked to support them.
            audit.viewed(
                request, subject_ids=[a.person_id for a in section.home.waiting], what="sponsor_request",
                fields=["full_name"], programme_id=access.programme.pk,
            )
    return render(request, "homes/home.html", page_context(access, sections=sections))


def role_sections(access: ProgrammeAccess) -> list[Section]:
    """A section for each role the person holds, those with something waiting first, then in the
    order of the roles (lead, facilitator, participant, sponsor, funder)."""
    sections: list[Section] = []
    if access.is_lead:
        sections.append(Section("lead", lead_home(access)))
    if access.is_facilitator:
        sections.append(Section("facilitator", facilitator_home(access)))
    if access.is_participant:
        sections.append(Section("participant", participant_home(access)))
    if access.is_sponsor:
        sections.append(Section("sponsor", sponsor_home(access)))
    if access.is_funder:
        sections.append(Section("funder", funder_home(access)))
    return sorted(sections, key=lambda s: not s.home.urgent)  # stable: the roles' order otherwise
