"""The demo programme's development data: enough for My progress and the evaluation to show something real.

The demo counts its calendar from its own clock, so what the participant has answered depends on
which sessions have ended by then. The clock is frozen for the seeding and the expectations are
read from the same clock.
"""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.demo.seed import seed_demo
from commonground.development.models import Goal, JournalEntry, Response, RoundKind
from commonground.programmes.models import Programme
from commonground.schedule.models import Attendance, Mark


@pytest.mark.django_db
def test_the_demo_participant_and_lead_have_something_to_see(client: Client) -> None:
    with time_machine.travel(timezone.now(), tick=False):
        now = timezone.now()
        seed_demo(participants=80, seed=7, reset=False)
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    alice = Person.objects.get(email="participant@demo.example")
    answers = Response.objects.filter(person=alice)
    kinds = sorted(
        answers.exclude(round__kind=RoundKind.SESSION).values_list(
            "round__instrument_version__instrument__kind", "round__kind"
        )
    )
    assert kinds == [("resilience", "baseline"), ("resilience", "check_in"), ("self_assessment", "baseline"),
                     ("wellbeing", "baseline")]
    # Feedback only on sessions that had ended by the demo's clock and that she attended.
    attended = set(
        Attendance.objects.filter(
            person=alice, mark__in=[Mark.PRESENT, Mark.LATE], session__ends_at__lte=now
        ).values_list("session_id", flat=True)
    )
    feedback = set(answers.filter(round__kind=RoundKind.SESSION).values_list("round__session", flat=True))
    assert attended, "twelve weeks in, the demo participant has attended sessions"
    assert feedback <= attended
    assert all(a.submitted_at <= now for a in answers)
    assert Goal.objects.filter(person=alice).count() == 2
    assert all(goal.by_when > timezone.localdate(now) for goal in Goal.objects.filter(person=alice))
    assert JournalEntry.objects.filter(person=alice).count() == 1

    client.force_login(alice)
    progress = client.get(reverse("development:progress", args=[programme.pk])).context["progress"]
    assert len(progress.resilience) == 2 and progress.self_assessment is not None

    client.force_login(Person.objects.get(email="lead@demo.example"))
    evaluation = client.get(reverse("development:evaluation", args=[programme.pk])).context["evaluation"]
    assert any(not row.suppressed for row in evaluation.changes)
