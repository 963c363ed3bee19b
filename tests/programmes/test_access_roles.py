"""A page's role check: the person's access when their role allows it, else 404 (never 403)."""

from collections.abc import Callable

import pytest
from django.http import Http404

from commonground.programmes.permissions import ProgrammeAccess, programme_access
from tests.conftest import World

CHECKS: dict[str, Callable[[ProgrammeAccess], ProgrammeAccess]] = {
    "lead": ProgrammeAccess.require_lead,
    "staff": ProgrammeAccess.require_staff,
    "participant": ProgrammeAccess.require_participant,
    "lead or funder": ProgrammeAccess.require_lead_or_funder,
}
ALLOWED = {
    "lead": {"lena"},
    "staff": {"lena", "fred"},
    "participant": {"alice", "bob", "carol"},
    "lead or funder": {"lena", "fiona"},
}


@pytest.mark.parametrize("check", CHECKS)
def test_each_role_check_lets_in_exactly_its_roles(world: World, check: str) -> None:
    for name in ("lena", "fred", "alice", "bob", "carol", "sam", "fiona"):
        access = programme_access(getattr(world, name), world.programme.pk)
        if name in ALLOWED[check]:
            assert CHECKS[check](access) is access
        else:
            with pytest.raises(Http404):
                CHECKS[check](access)
