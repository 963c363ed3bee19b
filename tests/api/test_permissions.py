"""Every API read × every role, with a token for the programme: the pages' answers, 404 beyond them.
(Writes are checked per role in test_writes.py; tokens in test_tokens.py.)"""

import pytest

from tests.api.helpers import api_as
from tests.conftest import World
from tests.schedule.attendance_permission_cases import east_session

ROLES = ["lena", "fred", "alice", "sam", "fiona"]


def _all(status: int, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, status) for role in ROLES}


TABLE = [
    ("/programmes", _all(200)),
    ("/programmes/{p}/cohorts", _all(200, fiona=404)),
    ("/programmes/{p}/people", _all(200, fiona=404)),
    ("/programmes/{p}/sessions", _all(200)),
    ("/programmes/{p}/sessions/{s}/attendance", _all(404, lena=200, fred=200)),
    ("/programmes/{p}/applications", _all(404, lena=200)),
    ("/programmes/{p}/learning-sets", _all(404, lena=200, fred=200, alice=200)),
    ("/programmes/{p}/figures/reach", _all(404, lena=200, fred=200, fiona=200)),
    ("/programmes/{p}/development-hours", _all(404, lena=200)),
    ("/programmes/{o}/people", _all(404)),
    ("/programmes/{p}/sessions/987654/attendance", _all(404)),
]


@pytest.mark.parametrize(("path", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_each_role_gets_what_its_pages_show(world: World, path: str, expected: dict[str, int]) -> None:
    url = path.format(p=world.programme.pk, o=world.other_programme.pk, s=east_session(world).pk)
    failures = []
    for role in ROLES:
        status = api_as(getattr(world, role), world.programme).get(url).status_code
        if status != expected[role]:
            failures.append(f"{role}: expected {expected[role]}, got {status}")
    assert not failures, f"{url}: " + "; ".join(failures)
