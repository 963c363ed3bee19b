"""scripts/loadtest.py and scripts/loadtest_plan.py (make loadtest): what can be checked without
starting the cluster: the figures it prints, and that the plan's signed-in people really are signed
in (staff past their second factor) and can open every page the load test sends them to."""

import datetime as dt
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from commonground.programmes.models import Membership, Role
from tests.conftest import World
from tests.schedule.attendance_permission_cases import east_session, make_session

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"{name}_script", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def loadtest() -> ModuleType:
    return _load("loadtest")


@pytest.fixture(scope="module")
def plan_module() -> ModuleType:
    return _load("loadtest_plan")


def test_percentiles_are_nearest_rank(loadtest: ModuleType) -> None:
    values = list(range(100, 0, -1))  # 1..100, unordered
    assert loadtest.percentile(values, 50) == 50
    assert loadtest.percentile(values, 95) == 95
    assert loadtest.percentile(values, 99) == 99
    assert loadtest.percentile([7.0], 95) == 7.0
    assert loadtest.percentile([], 95) == 0.0


def test_the_last_line_counts_participants_pages_errors_and_lost_writes(loadtest: ModuleType) -> None:
    timings = [{"name": "participant: home", "ms": ms, "ok": True} for ms in range(1, 101)]
    timings += [{"name": "lead: overview", "ms": 5000, "ok": True}]  # a lead's page is not a participant's
    timings += [{"name": "participant: schedule", "ms": 10, "ok": False, "error": "500"}]
    run = loadtest.Run(people=400, users=20, seconds=51.0, timings=timings, lost=2, checked=9)
    line = run.summary()
    assert re.fullmatch(r"users=20 rps=\d+\.\d p95_ms=\d+ errors=1 lost=2", line), line
    assert run.p95() == 95  # of the 101 participant timings: the 96th smallest is 95 ms
    assert run.rps() == pytest.approx(102 / 51.0)
    assert run.error_kinds() == {"participant: schedule: 500": 1}
    assert "participant: home" in run.table() and "lead: overview" in run.table()


def _cookie_client(cookie: str) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


def test_the_plans_people_are_signed_in_reach_their_pages_and_their_writes_are_checked(
    world: World, plan_module: ModuleType, tmp_path: Path
) -> None:
    register = east_session(world)  # under way: Fred takes it; Alice and Bob are on it
    coming = make_session(world, "Next week's module day", starts_at=timezone.now() + dt.timedelta(days=7),
                          invite=[world.alice])
    plan_path = tmp_path / "plan.json"
    plan = plan_module.write_plan(plan_path, participants=5, facilitators=1, leads=1)
    assert plan["programme"] == world.programme.pk
    assert json.loads(plan_path.read_text()) == plan
    by_role: dict[str, list[dict]] = {}
    for person in plan["people"]:
        by_role.setdefault(person["role"], []).append(person)
    participants = set(
        Membership.objects.filter(programme=world.programme, role=Role.PARTICIPANT).values_list("person_id", flat=True)
    )
    assert {p["person"] for p in by_role["participant"]} <= participants
    assert [p["person"] for p in by_role["facilitator"]] == [world.fred.pk]
    for person in plan["people"]:
        client = _cookie_client(person["cookie"])
        for name, url in {**person.get("pages", {}), **dict.fromkeys(person.get("registers", []), "")}.items():
            response = client.get(url if url else name)
            assert response.status_code == 200, (person["role"], name, url, response.status_code)

    alice = next(p for p in by_role["participant"] if p["person"] == world.alice.pk)
    assert alice["reply_session"] == coming.pk
    fred = by_role["facilitator"][0]
    assert sorted(m["person"] for m in fred["marks"]) == sorted([world.alice.pk, world.bob.pk])
    assert {m["session"] for m in fred["marks"]} == {register.pk}
    writes = []
    reply = _cookie_client(alice["cookie"]).post(alice["reply"], {"answer": "apologies", "reason": "Clinic"})
    assert reply.status_code in (200, 302)
    writes.append({"kind": "reply", "session": coming.pk, "person": world.alice.pk, "value": "apologies"})
    for mark in fred["marks"]:
        assert _cookie_client(fred["cookie"]).post(mark["url"], {"mark": "late"}).status_code in (200, 302)
        writes.append({"kind": "mark", "session": mark["session"], "person": mark["person"], "value": "late"})
    written = tmp_path / "writes.json"
    written.write_text(json.dumps(writes))
    assert plan_module.check_writes(plan_path, written) == {"checked": 3, "lost": 0}

    # A write the server acknowledged but the database does not hold is lost.
    writes[0]["value"] = "attending"
    written.write_text(json.dumps(writes))
    assert plan_module.check_writes(plan_path, written) == {"checked": 3, "lost": 1}

    # "attending" to a session that filled meanwhile is kept as a place on its waiting list.
    from commonground.schedule.models import Invitation, Reply

    Invitation.objects.filter(session=coming, person=world.alice).update(reply=Reply.WAITING)
    assert plan_module.check_writes(plan_path, written) == {"checked": 3, "lost": 0}
    writes[0]["value"] = "apologies"
    written.write_text(json.dumps(writes))
    assert plan_module.check_writes(plan_path, written) == {"checked": 3, "lost": 1}
