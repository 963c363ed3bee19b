"""The permission matrix's vocabulary: roles, personas and how a case is written.

Each app's cases live beside its tests (`tests/<app>/permission_cases.py`) and are gathered
into one matrix by `tests/test_permissions.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import World

ROLES = ["anonymous", "lead", "facilitator", "participant", "sponsor", "funder", "outsider"]
PERSONA = {
    "lead": "lena",
    "facilitator": "fred",
    "participant": "alice",
    "sponsor": "sam",
    "funder": "fiona",
    "outsider": "oscar",
}

# Namespaces guarded by someone else's checks, tested separately: the admin below, the JSON API
# (which answers to tokens, not sign-ins) in tests/api/test_permissions.py.
SEPARATELY_TESTED_NAMESPACES = {"admin", "api-v1"}


def _all(status: int, **overrides: int) -> dict[str, int]:
    return {role: overrides.get(role, status) for role in ROLES}


def _members(status: int, **overrides: int) -> dict[str, int]:
    """Signed-in members get `status`; anonymous visitors go to sign in; outsiders get 404."""
    expected = {role: status for role in ROLES}
    expected.update(anonymous=302, outsider=404)
    expected.update(overrides)
    return expected


@dataclass
class Case:
    name: str
    kwargs: Callable[[World], dict[str, int | str]] = field(default=lambda w: {})
    expected: dict[str, int] = field(default_factory=dict)
    label: str = ""
    query: str = ""


def programme(w: World) -> dict[str, int | str]:
    return {"programme_id": w.programme.pk}
