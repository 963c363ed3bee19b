"""Mentoring meetings held appear in the evaluation's level 3 evidence, shown only from 5 up."""

import datetime as dt

from django.utils import timezone

from commonground.mentoring.models import MatchStatus, Meeting
from commonground.reporting.evidence import Choice, change_section
from commonground.reporting.sources import gather
from tests.conftest import World
from tests.mentoring import objects as mo


def _mentoring_lines(world: World) -> dict[str, object]:
    section = change_section(gather(world.programme), Choice(), level=3)
    table = next(t for t in section.tables if t.key == "behaviour-mentoring")
    return {line.label: line.values[0] for line in table.lines}


def test_meetings_are_counted_in_level_three_only_from_five(world: World) -> None:
    match = mo.match(world, MatchStatus.ACTIVE)
    today = timezone.localdate()
    Meeting.objects.create(match=match, kind="first", held_on=today)
    assert _mentoring_lines(world)["Meetings recorded"] is None
    for weeks in range(1, 6):
        Meeting.objects.create(match=match, kind="check_in", held_on=today - dt.timedelta(weeks=weeks))
    lines = _mentoring_lines(world)
    assert lines["Meetings recorded"] == Meeting.objects.count()
    assert lines["Pairs who met"] is None  # one pair: too few to show
