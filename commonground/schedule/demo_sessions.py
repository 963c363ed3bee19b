import random

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Programme


def seed_sessions_demo(*, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random) -> None:
    """Nothing yet."""
