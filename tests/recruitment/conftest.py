"""Recruitment fixtures: applications open for the world's programme, and helpers to fill its queue."""

import pytest

from commonground.recruitment.models import EligibilityRule
from tests.conftest import World
from tests.recruitment import objects


@pytest.fixture
def rule(world: World) -> EligibilityRule:
    return objects.open_applications(world)
