"""Permission-matrix cases for the role home pages (gathered by tests/test_permissions.py)."""

from tests.matrix import Case, _members, programme

CASES: list[Case] = [
    # Every member has a home in their programme; outsiders and other programmes' people get 404.
    Case("homes:home", kwargs=programme, expected=_members(200)),
    Case(
        "homes:home",
        kwargs=lambda w: {"programme_id": w.other_programme.pk},
        expected=_members(404, outsider=200),
        label="another programme's home: only its own people",
    ),
]
