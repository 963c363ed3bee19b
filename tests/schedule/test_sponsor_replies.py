"""A sponsor reads a session's replies as aggregates under disclosure control; staff, who see the
list of people invited, read the counts of that list."""

from django.test import Client
from django.urls import reverse

from commonground.programmes.models import Role
from commonground.schedule.models import Reply
from commonground.schedule.services.invitations import reply
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.schedule.session_permission_cases import planned


def _session_with_replies(world: World) -> str:
    """East: Alice, Bob and six more invited; six attending, Bob sends apologies, Alice has not replied."""
    for i in range(6):
        person = factories.PersonFactory(full_name=f"Attendee {i}", organisation=where_of(world.alice, world.programme).organisation)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    session = planned(world, "Trust day", days=5)
    for invitation in session.invitations.select_related("person"):
        if invitation.person_id == world.bob.pk:
            reply(session=session, person=invitation.person, answer=Reply.APOLOGIES, reason="Clinic")
        elif invitation.person_id != world.alice.pk:
            reply(session=session, person=invitation.person, answer=Reply.ATTENDING)
    return reverse("schedule:session-detail", args=[world.programme.pk, session.pk])


def test_a_sponsor_sees_no_count_under_five_and_nothing_that_gives_one_away(world: World) -> None:
    url = _session_with_replies(world)
    client = Client()
    client.force_login(world.sam)
    response = client.get(url)
    figures = dict((words, n) for n, words in response.context["reply_figures"])
    # 8 invited, 6 attending, 1 apology, 1 not replied: 1 and 1 are small, and 8 − 6 would give
    # their sum away, so the attending count is hidden too.
    assert figures == {"invited": 8, "attending": None, "sent apologies": None, "on the waiting list": 0,
                       "not replied": None}
    assert "1 sent apologies" not in response.text and "not shown" in response.text


def test_staff_read_the_counts_of_the_list_they_see(world: World) -> None:
    url = _session_with_replies(world)
    client = Client()
    client.force_login(world.lena)
    response = client.get(url)
    assert "6 attending, 1 sent apologies, 0 on the waiting list, 1 not replied." in response.text
    assert response.context["reply_figures"] == []
