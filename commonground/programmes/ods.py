"""NHS organisation codes (ODS codes), checked for shape only: whether a code is live is the
Organisation Data Service's to say, and a system may list partners the service has not coded yet.

Codes are 3 to 6 capital letters and digits with at least one letter: an NHS trust's three
(RTK), a GP practice's six (A81001), a voluntary or independent organisation's five (8HV48).
"""

import re

from django.core.exceptions import ValidationError

_SHAPE = re.compile(r"[A-Z0-9]{3,6}")
_LETTER = re.compile(r"[A-Z]")
EXAMPLES = "for example RTK, A81001 or 8HV48"


def normalise_ods_code(value: str) -> str:
    """The code as the service writes it: trimmed, in capitals."""
    return value.strip().upper()


def ods_code_problem(value: str) -> str | None:
    """Why `value` is not the shape of an ODS code, or None when it is (empty is allowed)."""
    code = normalise_ods_code(value)
    if not code:
        return None
    # fullmatch on ASCII classes: "²" or a full-width "Ｒ" is refused, never folded.
    if not code.isascii() or not _SHAPE.fullmatch(code) or not _LETTER.search(code):
        return f"“{value.strip()}” is not an NHS organisation code: codes are 3 to 6 letters and digits, {EXAMPLES}."
    return None


def validate_ods_code(value: str) -> None:
    problem = ods_code_problem(value)
    if problem:
        raise ValidationError(problem, code="ods_code")
