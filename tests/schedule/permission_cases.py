"""Permission-matrix cases for the schedule's URLs (gathered by tests/test_permissions.py)."""

from tests.matrix import Case
from tests.schedule.attendance_permission_cases import CASES as ATTENDANCE_CASES
from tests.schedule.certificate_permission_cases import CASES as CERTIFICATE_CASES
from tests.schedule.session_permission_cases import CASES as SESSION_CASES

CASES: list[Case] = [*SESSION_CASES, *ATTENDANCE_CASES, *CERTIFICATE_CASES]
