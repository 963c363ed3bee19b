"""Permission-matrix cases for the schedule's attendance URLs."""

from tests.matrix import Case

CASES: list[Case] = []
