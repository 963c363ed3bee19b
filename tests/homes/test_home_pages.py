"""Each role's home says what to do next, each item linking to the page where it is done; it shows
nothing a role may not see. The clock is frozen at ten in the morning of today (UK time)."""

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.codesign.models import Comment
from commonground.development import catalogue
from commonground.development.models import Goal, GoalStatus
from commonground.homes.views import role_sections
from commonground.network.models import TieReport
from commonground.programmes.models import Role
from commonground.programmes.permissions import programme_access
from commonground.recruitment.models import SponsorRequest
from commonground.schedule import attendance
from commonground.schedule.models import Invitation, Mark, Reply, SessionStatus
from tests import factories
from tests.codesign import objects as codesign
from tests.conftest import World
from tests.development import objects as development
from tests.homes import objects
from tests.recruitment import objects as recruitment
from tests.schedule.attendance_permission_cases import make_session


@pytest.fixture(autouse=True)
def _ten_this_morning() -> Iterator[None]:
    with time_machine.travel(objects.at(0, 10), tick=False):
        yield


def _home(person: Person, world: World) -> str:
    client = Client()
    client.force_login(person)
    response = client.get(reverse("homes:home", args=[world.programme.pk]))
    assert response.status_code == 200
    return response.text


def _links(page: str) -> dict[str, str]:
    """Each link's words (tags and spacing removed) to its address."""
    return {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", words)).strip(): href
        for href, words in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, flags=re.S)
    }


def test_a_person_in_one_programme_goes_straight_to_its_home(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("homes:home", args=[world.programme.pk])


def test_a_person_in_several_programmes_chooses_one_and_each_card_leads_to_its_home(world: World) -> None:
    factories.MembershipFactory(person=world.alice, programme=world.other_programme, role=Role.FUNDER)
    client = Client()
    client.force_login(world.alice)
    page = client.get(reverse("home")).text
    assert reverse("homes:home", args=[world.programme.pk]) in page
    assert reverse("homes:home", args=[world.other_programme.pk]) in page


def test_an_outsider_gets_404_for_another_programmes_home(world: World) -> None:
    client = Client()
    client.force_login(world.oscar)
    assert client.get(reverse("homes:home", args=[world.programme.pk])).status_code == 404


# -- Participant -----------------------------------------------------------------------------------


def test_a_participant_sees_her_next_session_with_its_reply_and_what_waits_for_her(world: World) -> None:
    objects.alice_has_things_to_do(world)
    make_session(world, "West only", cohorts=[world.west], starts_at=objects.at(0, 12))
    make_session(world, "Cancelled before it", starts_at=objects.at(0, 11), status=SessionStatus.CANCELLED)
    session = Invitation.objects.get(person=world.alice, session__title="Working with conflict").session
    page = _home(world.alice, world)
    links = _links(page)
    pid = world.programme.pk

    assert links["Working with conflict"] == reverse("schedule:session-detail", args=[pid, session.pk])
    assert "West only" not in page and "Cancelled before it" not in page
    reply_url = reverse("schedule:session-reply", args=[pid, session.pk])
    assert f'action="{reply_url}"' in page and "Send my reply" in page  # the schedule's own reply form
    assert links["Relationship survey: Start of the programme"] == reverse("network:roster", args=[pid, world.east_start.pk])
    check_in = objects.check_in(world)
    assert reverse("development:respond", args=[pid, check_in.pk]) in links.values()
    assert links["Set 1"] == reverse("grouping:my-set", args=[pid])
    assert f'href="{reverse("codesign:team", args=[pid, codesign.alice_team(world).pk])}">Discharge delays</a>' in page
    assert "Meet the housing team" in page
    assert "1 new comment" in page  # Bob's, on the issue she proposed


def test_what_a_participant_answered_finished_or_wrote_herself_is_not_asked_again(world: World) -> None:
    objects.alice_has_things_to_do(world)
    TieReport.objects.create(round=world.east_start, reporter=world.alice, colleague=world.bob, knows=True)
    development.answer_self_assessment(objects.check_in(world), world.alice, 3)
    Goal.objects.filter(person=world.alice).update(status=GoalStatus.ACHIEVED)
    Comment.objects.filter(author=world.bob).update(hidden_at=timezone.now())
    Comment.objects.create(issue=Comment.objects.get().issue, author=world.alice, body="Thank you")
    page = _home(world.alice, world)
    assert "Relationship survey:" not in page and "Self-assessment" not in page
    assert "Nothing to answer now." in page
    assert "Meet the housing team" not in page
    assert "new comment" not in page


def test_a_participant_who_chose_not_to_be_listed_is_not_asked_to_answer_the_survey(world: World) -> None:
    world.alice.roster_consents.update(listed=False)
    assert "Relationship survey:" not in _home(world.alice, world)
    # Carol has not decided: the survey's page, where she chooses first.
    assert _links(_home(world.carol, world))["Relationship survey: Start of the programme"] == reverse(
        "network:home", args=[world.programme.pk]
    )


def test_replying_from_the_home_posts_to_the_schedule_and_records_the_reply(world: World) -> None:
    session = objects.alices_next_session(world)
    client = Client()
    client.force_login(world.alice)
    page = client.get(reverse("homes:home", args=[world.programme.pk])).text
    action = re.search(r'<form method="post" action="([^"]+)"', page)
    assert action is not None
    response = client.post(action.group(1), {"answer": Reply.ATTENDING})
    assert response.status_code == 302
    assert Invitation.objects.get(session=session, person=world.alice).reply == Reply.ATTENDING
    assert "You replied: <strong>Attending</strong>" in client.get(reverse("homes:home", args=[world.programme.pk])).text


def test_empty_states_say_what_will_appear_and_when(world: World) -> None:
    page = _home(world.alice, world)
    assert "No sessions booked yet." in page
    assert "Your learning set appears here once the programme team publishes the sets." in page
    assert "Nothing new in the last 30 days" in page


# -- Lead --------------------------------------------------------------------------------------------


def test_a_lead_sees_each_decision_waiting_with_a_count_and_the_page_to_make_it(world: World) -> None:
    objects.lena_has_decisions(world)
    pid = world.programme.pk
    for session in [make_session(world, f"Day {days}", starts_at=objects.at(-days), invite=[world.alice, world.bob])
                    for days in (20, 10)]:
        attendance.mark_attendance(session=session, person_id=world.alice.pk, mark=Mark.ABSENT, marked_by=world.lena)
        attendance.mark_attendance(session=session, person_id=world.bob.pk, mark=Mark.PRESENT, marked_by=world.lena)
    page = _home(world.lena, world)
    links = _links(page)
    counts = dict((words, int(n)) for n, words in re.findall(r'cg-figure">(\d+)</p>\s*<h3[^>]*><a[^>]*>([^<]+)</a>', page))
    assert counts == {
        "Applications waiting for review": 2,
        "Offers lapsing within a week": 1,
        "Learning sets formed in East Surrey cohort, not yet published": 1,
        "Past sessions without a register": 1,  # yesterday's; the two marked ones have theirs
        "People at risk of dropping out": 1,
        "Check-in and feedback rounds closing within a week": 1,
    }
    assert links["Applications waiting for review"] == reverse("recruitment:review", args=[pid])
    assert links["Learning sets formed in East Surrey cohort, not yet published"] == reverse(
        "grouping:sets", args=[pid, world.east.pk]
    )
    assert links["Past sessions without a register"] == reverse("schedule:attendance", args=[pid]) + "?when=earlier"
    assert "Alice Acute" not in page  # at risk is a count here; the names are on the attendance figures page
    assert "Nothing waiting: relationship survey rounds closing within a week." in page


def test_a_lead_sees_the_programme_at_a_glance_as_the_overview_publishes_it(world: World) -> None:
    page = _home(world.lena, world)
    glance = page[page.index('id="glance-heading"'):]
    assert glance.count("not shown") == 2  # three participants: the count, and attendance (none recorded)
    assert '<p class="cg-figure">3</p>' in glance  # organisations, as on the overview
    assert _links(page)["The programme at a glance: who is taking part, where, and its funding"] == reverse(
        "programmes:overview", args=[world.programme.pk]
    )
    assert "Nothing waits for your decision today." in page


# -- Facilitator ------------------------------------------------------------------------------------


def test_a_facilitator_sees_today_and_the_next_sessions_with_their_registers_and_table_plans(world: World) -> None:
    today, next_week = objects.freds_sessions(world)
    someone = factories.PersonFactory(full_name="Gita Guest")
    factories.MembershipFactory(person=someone, programme=world.programme, role=Role.FACILITATOR)
    make_session(world, "Gita's session", starts_at=objects.at(2), facilitators=[someone])
    make_session(world, "Fred's last week", starts_at=objects.at(-7), facilitators=[world.fred])
    page = _home(world.fred, world)
    links = _links(page)
    pid = world.programme.pk
    assert links["Register for East development day"] == reverse("schedule:register", args=[pid, today.pk])
    assert links["Plan the tables for East development day"] == reverse("schedule:table-plan", args=[pid, today.pk])
    assert links["Register for East learning-set meeting"] == reverse("schedule:register", args=[pid, next_week.pk])
    assert page.count(">Today</strong>") == 1
    assert "Gita's session" not in page
    assert "1 ended session without a register." in page


# -- Sponsor ----------------------------------------------------------------------------------------


def test_a_sponsor_sees_the_applications_waiting_for_their_support_and_nobody_else_s(world: World) -> None:
    sid = objects.sams_request(world)
    recruitment.application(world, "Ned Elsewhere", organisation="Surrey Acute", sponsor_email="ned.boss@example.org")
    answered = recruitment.waiting_for_sam(world, "Ann Answered")
    SponsorRequest.objects.filter(application=answered).update(answered_at=timezone.now(), supported=True)
    expired = recruitment.waiting_for_sam(world, "Eve Expired")
    SponsorRequest.objects.filter(application=expired).update(expires_at=timezone.now() - dt.timedelta(days=1))
    page = _home(world.sam, world)
    assert _links(page)["Sid Supported's application"] == reverse(
        "recruitment:support-signed-in", args=[world.programme.pk, sid.pk]
    )
    for name in ("Ned Elsewhere", "Ann Answered", "Eve Expired"):
        assert name not in page


def test_a_sponsor_sees_their_people_as_protected_counts_and_never_development_answers(world: World) -> None:
    development.alice_resilience_response(world)
    development.alice_goal(world)
    page = _home(world.sam, world)
    people = page[page.index('id="sponsored-heading"'):]
    assert "People from Surrey Acute" in people
    assert re.search(r"Taking part</dt><dd[^>]*>1</dd>", people)
    assert people.count("not shown") == 2  # one person's attendance and completion are theirs
    for private in ("Meet the housing team", "Resilience", "resilience", "wellbeing", "My progress"):
        assert private not in page
    sponsor_section = role_sections(programme_access(world.sam, world.programme.pk))[0].home
    assert not any("development" in name or "goal" in name for name in vars(sponsor_section))


# -- Funder -----------------------------------------------------------------------------------------


def test_a_funder_finds_their_latest_report_and_the_showcase(world: World) -> None:
    objects.fionas_report(world)
    page = _home(world.fiona, world)
    links = _links(page)
    pack = world.programme.report_packs.get()
    assert links[f"Report for Heartlands Charitable Trust, {pack.period_words}"] == reverse(
        "reporting:pack", args=[world.programme.pk, pack.pk]
    )
    assert links["See the showcase"] == reverse("codesign:showcase", args=[world.programme.pk])
    assert "Alice Acute" not in page


def test_a_funder_without_a_report_is_told_when_one_appears(world: World) -> None:
    assert "No report has been signed off for you yet." in _home(world.fiona, world)


# -- Several roles ------------------------------------------------------------------------------------


def test_a_person_with_several_roles_sees_the_role_with_something_waiting_first(world: World) -> None:
    factories.MembershipFactory(person=world.lena, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    development.open_round(world, catalogue.SELF_ASSESSMENT)
    kinds = [s.kind for s in role_sections(programme_access(world.lena, world.programme.pk))]
    assert kinds == ["participant", "lead"]  # nothing waits for the lead; a check-in waits for the participant
    recruitment.application(world, "Dana Applicant")
    kinds = [s.kind for s in role_sections(programme_access(world.lena, world.programme.pk))]
    assert kinds == ["lead", "participant"]  # both have something waiting: the roles' order
