"""Demo data for the schedule, called from seed_demo: sessions and replies first, then registers and tables."""

import random

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Programme
from commonground.schedule.demo_attendance import seed_attendance_demo
from commonground.schedule.demo_sessions import seed_sessions_demo


def seed_schedule_demo(*, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random) -> None:
    seed_sessions_demo(programme=programme, participants=participants, rng=rng)
    seed_attendance_demo(programme=programme, participants=participants, rng=rng)
