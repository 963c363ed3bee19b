"""Another system's member, with a token of their own, never sees a name or an email of this one."""

import pytest

from commonground.api.models import Scope
from tests.api.helpers import api_as
from tests.conftest import World

PATHS = ["/people", "/cohorts", "/sessions", "/applications", "/learning-sets", "/figures/reach",
         "/development-hours"]


@pytest.mark.parametrize("path", PATHS)
def test_a_second_systems_lead_reads_nothing_of_the_first(world: World, path: str) -> None:
    client = api_as(world.oscar, world.other_programme, scope=Scope.WRITE)
    for programme_id in (world.programme.pk, world.other_programme.pk):
        response = client.get(f"/programmes/{programme_id}{path}")
        text = response.content.decode()
        for person in (world.lena, world.fred, world.alice, world.bob, world.carol, world.sam, world.fiona):
            assert person.full_name not in text and person.email not in text
    assert client.get(f"/programmes/{world.programme.pk}{path}").status_code == 404
