"""Each home runs the same number of queries however much waits on it: nothing is read row by row."""

import datetime as dt

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.codesign.models import Comment, Support
from commonground.development.models import Goal
from tests.codesign import objects as codesign
from tests.conftest import World
from tests.grouping.objects import fill_east
from tests.homes import objects
from tests.recruitment import objects as recruitment
from tests.reporting import objects as reporting
from tests.schedule.attendance_permission_cases import make_session


def _counts(world: World) -> dict[str, int]:
    url = reverse("homes:home", args=[world.programme.pk])
    counts = {}
    for persona in ("lena", "fred", "alice", "sam", "fiona"):
        client = Client()
        client.force_login(getattr(world, persona))
        client.get(url)  # warm: sessions, stored figures, template caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[persona] = len(queries)
    return counts


def _more(world: World, n: int) -> None:
    """n more of everything each home lists."""
    people = fill_east(world, total=2 + 6 * n)
    for i in range(n):
        recruitment.application(world, f"Extra Applicant{i}")
        recruitment.waiting_for_sam(world, f"Waiting Sponsored{i}")
        make_session(world, f"Fred's extra {i}", starts_at=objects.at(i + 2), facilitators=[world.fred])
        make_session(world, f"Unregistered {i}", starts_at=objects.at(-i - 2), facilitators=[world.fred])
        issue = codesign.issue(world, f"Extra issue {i}")
        Support.objects.create(issue=issue, person=world.alice)
        Comment.objects.create(issue=issue, author=people[-1 - i], body="Me too")
        Goal.objects.create(person=world.alice, programme=world.programme, what=f"Goal {i}",
                            by_when=timezone.localdate() + dt.timedelta(days=10 + i))
        reporting.fionas_signed_pack(world)


def test_every_home_runs_the_same_queries_with_ten_times_as_much_on_it(world: World) -> None:
    with time_machine.travel(objects.at(0, 10), tick=False):
        objects.alice_has_things_to_do(world)
        objects.lena_has_decisions(world)
        objects.freds_sessions(world)
        objects.sams_request(world)
        objects.fionas_report(world)
        small = _counts(world)
        _more(world, 10)
        large = _counts(world)
        client = Client()
        client.force_login(world.sam)
        listed = client.get(reverse("homes:home", args=[world.programme.pk])).text.count("'s application</a>")
    assert listed == 11  # Sid and the ten more: the larger page does list them all
    assert large == small
    assert all(count > 0 for count in small.values())
