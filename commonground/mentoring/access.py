"""Who may see mentoring pages: programme members by role, and mentors from outside the programme.

A senior member of staff or an alumnus who mentors in a programme is not a member of it, yet must
reach their own match page; anyone else outside the programme gets 404, as everywhere.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from commonground.accounts.models import Person
from commonground.mentoring import queries
from commonground.programmes.models import Programme
from commonground.programmes.permissions import ProgrammeAccess, person_from, programme_access


@dataclass(frozen=True)
class MentoringAccess:
    person: Person
    programme: Programme
    member: ProgrammeAccess | None  # None for a mentor from outside the programme

    @property
    def is_lead(self) -> bool:
        return self.member is not None and self.member.is_lead

    @property
    def is_participant(self) -> bool:
        return self.member is not None and self.member.is_participant

    def context(self, **extra: object) -> dict[str, object]:
        """The page's context: the programme menu only for members."""
        return {"access": self.member, "programme": self.programme, "mentoring": self, **extra}


def coordinator(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    """The programme lead, who coordinates mentoring; 404 for anyone else."""
    return programme_access(person_from(request), programme_id).require_lead()


def mentoring_access(request: HttpRequest, programme_id: int) -> MentoringAccess:
    """A participant, a lead, or a mentor of the programme; 404 for anyone else."""
    person = person_from(request)
    try:
        member: ProgrammeAccess | None = programme_access(person, programme_id)
    except Http404:
        member = None
    if member is not None and (member.is_participant or member.is_lead):
        return MentoringAccess(person, member.programme, member)
    if not queries.is_mentor(programme_id, person):
        raise Http404("Not found.")
    programme = Programme.objects.select_related("system").get(pk=programme_id)
    return MentoringAccess(person, programme, member)
