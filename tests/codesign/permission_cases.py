"""Permission-matrix cases for the codesign app's URLs (gathered by tests/test_permissions.py)."""

from tests.matrix import Case

CASES: list[Case] = []
