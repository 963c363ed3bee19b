"""The completion rule's form: a whole number of module days from 1 to those scheduled, or empty
for all but one, with messages that name the field."""

import pytest

from commonground.programmes.forms import CompletionRuleForm
from commonground.programmes.models import completion_rule_problem

FIELD = "min_module_days_to_complete"
AT_LEAST = "Module days to attend must be at least 1."
AT_MOST = "Module days to attend must be at most 6: 6 module days are scheduled."


@pytest.mark.parametrize(
    ("typed", "minimum", "error"),
    [
        ("5", 5, None),
        ("1", 1, None),
        ("6", 6, None),
        ("", None, None),
        ("0", None, AT_LEAST),
        ("-3", None, AT_LEAST),
        ("7", None, AT_MOST),
        (str(2**63), None, AT_MOST),
        ("1.5", None, "Module days to attend must be a whole number, such as 5."),
        ("five", None, "Module days to attend must be a whole number, such as 5."),
    ],
)
def test_the_rule_is_bounded_by_the_module_days_scheduled(typed: str, minimum: int | None, error: str | None) -> None:
    form = CompletionRuleForm({FIELD: typed}, module_days=6)
    if error is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data[FIELD] == minimum
    else:
        assert not form.is_valid()
        assert form.errors[FIELD] == [error]


def test_with_no_module_day_scheduled_only_the_default_can_be_saved() -> None:
    assert CompletionRuleForm({FIELD: ""}, module_days=0).is_valid()
    form = CompletionRuleForm({FIELD: "5"}, module_days=0)
    assert not form.is_valid()
    assert form.errors[FIELD] == [
        "Module days to attend can be set once module days are scheduled: leave it empty for all but one of them."
    ]
    assert "No module days are scheduled yet" in form.fields[FIELD].help_text


def test_one_module_day_is_said_in_the_singular() -> None:
    assert completion_rule_problem(2, module_days=1) == "Module days to attend must be at most 1: 1 module day is scheduled."
