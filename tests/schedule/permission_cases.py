"""Permission-matrix cases for the schedule app's URLs (gathered by tests/test_permissions.py)."""

from tests.matrix import Case

CASES: list[Case] = []
