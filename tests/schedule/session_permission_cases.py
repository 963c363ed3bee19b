"""Permission-matrix cases for the schedule's session URLs."""

from tests.matrix import Case

CASES: list[Case] = []
