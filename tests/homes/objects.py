"""What waits for each person of the test world on their home page, made the way the features make it.

- Alice (participant, East) has a session tomorrow she has not replied to, an open check-in she has
  not answered (and the East relationship survey, open since the world began), a published learning
  set and challenge team, a goal due next month, and a comment by Bob on the issue she proposed.
- Lena (lead) has applications to review, an offer lapsing in two days, East's sets formed and not
  published, yesterday's session without a register, and a check-in round closing in three days.
- Fred (facilitator) takes the register of today's East session and of one next week.
- Sam (sponsor, Surrey Acute) is asked to support Sid's application.
- Fiona (funder) has a signed-off report pack.
"""

import datetime as dt

from django.utils import timezone

from commonground.development import catalogue
from commonground.development.models import Goal, GoalStatus, Round
from commonground.recruitment.models import Application, Offer
from commonground.schedule.models import Invitation, Reply, Session
from tests.codesign import objects as codesign
from tests.conftest import World
from tests.development import objects as development
from tests.grouping import objects as grouping
from tests.recruitment import objects as recruitment
from tests.reporting import objects as reporting
from tests.schedule.attendance_permission_cases import make_session


def at(days: float = 0, hour: int = 10) -> dt.datetime:
    """`hour` o'clock (UK time) so many days from today."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def alices_next_session(world: World, title: str = "Working with conflict", days: float = 1) -> Session:
    session = make_session(world, title, starts_at=at(days), hours=6, facilitators=[world.fred], venue_name="Redhill Hub")
    Invitation.objects.create(session=session, person=world.alice, reply=Reply.INVITED)
    return session


def alice_has_things_to_do(world: World) -> None:
    alices_next_session(world)
    development.open_round(world, catalogue.SELF_ASSESSMENT, days_open=10)
    grouping.east_sets(world)
    codesign.alice_team(world)
    codesign.comment(world)
    Goal.objects.create(person=world.alice, programme=world.programme, what="Meet the housing team",
                        by_when=timezone.localdate() + dt.timedelta(days=30), status=GoalStatus.IN_PROGRESS)


def lena_has_decisions(world: World) -> None:
    recruitment.application(world, "Dana Applicant")
    recruitment.application(world, "Eli Applicant", status="sponsor_supported")
    offered = recruitment.application(world, "Omar Offered", status="offered")
    Offer.objects.create(application=offered, cohort=world.east, deadline=timezone.now() + dt.timedelta(days=2))
    later = recruitment.application(world, "Pat Later", status="offered")
    Offer.objects.create(application=later, cohort=world.east, deadline=timezone.now() + dt.timedelta(days=10))
    grouping.east_sets(world, published=False)
    make_session(world, "Yesterday's session", starts_at=at(-1), facilitators=[world.fred])
    development.open_round(world, catalogue.RESILIENCE, days_open=3)


def freds_sessions(world: World) -> tuple[Session, Session]:
    return (
        make_session(world, "East development day", starts_at=at(0, 14), facilitators=[world.fred]),
        make_session(world, "East learning-set meeting", starts_at=at(7), facilitators=[world.fred]),
    )


def sams_request(world: World) -> Application:
    return recruitment.waiting_for_sam(world)


def fionas_report(world: World) -> None:
    reporting.fionas_signed_pack(world)


def check_in(world: World) -> Round:
    return Round.objects.get(programme=world.programme, instrument_version__instrument__key=catalogue.SELF_ASSESSMENT)
