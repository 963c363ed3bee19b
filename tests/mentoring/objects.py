"""Mentoring objects on top of the World fixture: two senior mentors and matches in each state.

- Maya (NHS acute, the same organisation as Alice) and Victor (voluntary sector, Guildford and
  Waverley) offer to mentor, one mentee each; neither is a member of the programme.
"""

import datetime as dt

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.mentoring.models import Match, MatchStatus, MentorKind, MentorOffer
from commonground.programmes.models import Organisation, Place
from tests import factories
from tests.conftest import World


def mentor(w: World, name: str, email: str, organisation_name: str, capacity: int = 1) -> MentorOffer:
    organisation = Organisation.objects.get(system=w.programme.system, name=organisation_name)
    place = Place.objects.filter(system=w.programme.system).order_by("pk").last()
    person = Person.objects.filter(email=email).first() or factories.PersonFactory(
        full_name=name, email=email, organisation=organisation, place=place
    )
    offer, _ = MentorOffer.objects.get_or_create(
        programme=w.programme, person=person, defaults={"kind": MentorKind.SENIOR, "capacity": capacity}
    )
    return offer


def maya(w: World) -> MentorOffer:
    return mentor(w, "Maya Mentor", "maya@example.org", "Surrey Acute")


def victor(w: World) -> MentorOffer:
    return mentor(w, "Victor Voluntary", "victor@example.org", "Community Action")


def match(
    w: World, status: str = MatchStatus.APPROVED, *, mentee: Person | None = None, offer: MentorOffer | None = None
) -> Match:
    """Alice (or another mentee) with Victor (or another mentor), in the given state."""
    offer = offer or victor(w)
    mentee = mentee or w.alice
    found = Match.objects.filter(programme=w.programme, mentee=mentee, offer=offer).first()
    if found:
        return found
    now = timezone.now()
    accepted = status in (MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
    return Match.objects.create(
        programme=w.programme, mentee=mentee, offer=offer, mentor=offer.person, status=status, proposed_at=now,
        approved_at=None if status == MatchStatus.PROPOSED else now, approved_by=w.lena,
        mentee_accepted_at=now if accepted else None, mentor_accepted_at=now if accepted else None,
        active_since=timezone.localdate() - dt.timedelta(days=1) if status == MatchStatus.ACTIVE else None,
        explanation=[{"ok": True, "text": "different organisation"}],
    )
