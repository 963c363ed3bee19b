"""Co-design forms: each error names its field; services re-check everything that matters."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from commonground.codesign.models import NEXT_STATES, Issue, IssueState
from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Organisation, Place, Programme

# The whole system's choice needs a value of its own: "" is what a required field refuses.
# The issue list's place filter uses the same word.
WHOLE_SYSTEM = "system"


def _choice_field(field: forms.Field) -> forms.ChoiceField:
    assert isinstance(field, forms.ChoiceField)
    return field


class IssueForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        max_length=160, help_text="A short name for the issue, for example “Delayed discharge”."
    )
    place = forms.ChoiceField(
        label="Where", help_text="A place of the system, or the whole system."
    )
    problem = forms.CharField(
        label="The problem in plain words",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    affects = forms.CharField(
        label="Who it affects", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Figures, stories or reports that show the problem.",
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations involved",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = {str(p.pk): p for p in Place.objects.filter(system_id=programme.system_id)}
        _choice_field(self.fields["place"]).choices = [(WHOLE_SYSTEM, "The whole system")] + [
            (pk, p.name) for pk, p in self.places.items()
        ]
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Organisation.objects.filter(system_id=programme.system_id).order_by("name")

    def clean_place(self) -> Place | None:
        value = self.cleaned_data["place"]
        return None if value == WHOLE_SYSTEM else self.places[value]


class CommentForm(StyledFormMixin, forms.Form):
    body = forms.CharField(
        label="Your comment", max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HideCommentForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for hiding",
        max_length=300,
        error_messages={"required": "Give a reason for hiding the comment."},
    )


class StateForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label="Move to")
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        required=False,
        help_text="Needed when closing; recorded with the change.",
    )

    def __init__(self, issue: Issue, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self.fields["state"]).choices = [
            (s, IssueState(s).label) for s in NEXT_STATES.get(issue.state, ())
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state") == IssueState.CLOSED and not data.get("reason", "").strip():
            self.add_error("reason", "Give a reason for closing the issue.")
        return data


class MergeForm(StyledFormMixin, forms.Form):
    into = forms.IntegerField(
        label="Merge into issue number",
        min_value=1,
        help_text="The issue this one duplicates, for example 12.",
    )


class InterestForm(forms.Form):
    """One select per shortlisted issue: its place in the person's order (1st, 2nd…) or not interested."""

    def __init__(self, issues: list[Issue], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issues = issues
        places = [("", "Not interested")] + [
            (str(r), _ordinal(r)) for r in range(1, len(issues) + 1)
        ]
        for issue in issues:
            self.fields[f"issue_{issue.pk}"] = forms.ChoiceField(
                label=issue.title,
                choices=places,
                required=False,
                widget=forms.Select(attrs={"class": "nhsuk-select"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: dict[str, str] = {}
        for issue in self.issues:
            name = f"issue_{issue.pk}"
            value = data.get(name)
            if value:
                if value in seen:
                    self.add_error(
                        name,
                        f"You gave {_ordinal(int(value))} to two issues; give each a different place.",
                    )
                seen[value] = name
        return data

    def ranking(self) -> list[int]:
        """Issue ids in the person's order (gaps close up: 1st, 3rd become 1st, 2nd)."""
        chosen = [
            (int(self.cleaned_data[f"issue_{i.pk}"]), i.pk)
            for i in self.issues
            if self.cleaned_data.get(f"issue_{i.pk}")
        ]
        return [pk for _, pk in sorted(chosen)]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} choice"


class FormTeamsForm(StyledFormMixin, forms.Form):
    issues = forms.MultipleChoiceField(
        label="Issues to form teams for",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one shortlisted issue."},
    )
    min_size = forms.IntegerField(
        label="Fewest people in a team", min_value=2, max_value=50, initial=8
    )
    max_size = forms.IntegerField(
        label="Most people in a team", min_value=2, max_value=50, initial=15
    )

    def __init__(self, issues: list[Issue], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issue_map = {str(i.pk): i for i in issues}
        _choice_field(self.fields["issues"]).choices = [
            (str(i.pk), f"#{i.pk} {i.title}") for i in issues
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and high is not None and high < low:
            self.add_error("max_size", "The most people in a team must be at least the fewest.")
        return data

    def chosen(self) -> list[Issue]:
        return [self.issue_map[pk] for pk in self.cleaned_data["issues"]]


class MoveForm(forms.Form):
    person = forms.IntegerField(error_messages={"required": "Choose a person to move."})
    team = forms.IntegerField(error_messages={"required": "Choose the team to move them to."})


class MilestoneForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Milestone", max_length=200)
    due_on = DateField(label="Due on", error_messages={"required": "Enter the date it is due."})
    owner = forms.TypedChoiceField(label="Owner", coerce=int)

    def __init__(self, members: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self.fields["owner"]).choices = [("", "Choose a member")] + [
            (str(pk), name) for pk, name in members
        ]


class UpdateForm(StyledFormMixin, forms.Form):
    body = forms.CharField(
        label="Your update", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Document title", max_length=200)
    url = forms.URLField(
        label="Link",
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, for example https://example.org/plan."},
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise ValidationError("Enter a web address starting with https://.")
        return url


class PartnerForm(StyledFormMixin, forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner organisation that adopts the work",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="None yet",
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(system_id=programme.system_id).order_by("name")


class OutcomeForm(StyledFormMixin, forms.Form):
    issue = forms.TypedChoiceField(label="Issue", coerce=int)
    what_changed = forms.CharField(
        label="What changed", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    for_whom = forms.CharField(label="For whom", max_length=300)
    measure = forms.CharField(label="How it is measured", max_length=300)
    unit = forms.CharField(
        label="Unit of the figures",
        max_length=60,
        required=False,
        help_text="For example: days, people a month, per cent.",
    )
    before_value = forms.DecimalField(
        label="Figure before", required=False, max_digits=12, decimal_places=2
    )
    before_on = DateField(label="Date of the figure before", required=False)
    after_value = forms.DecimalField(
        label="Figure after", required=False, max_digits=12, decimal_places=2
    )
    after_on = DateField(label="Date of the figure after", required=False)
    story = forms.CharField(
        label="The story, in a few sentences",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, issues: list[Issue], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issue_map = {i.pk: i for i in issues}
        _choice_field(self.fields["issue"]).choices = [("", "Choose an issue")] + [
            (str(i.pk), f"#{i.pk} {i.title}") for i in issues
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_figure = data.get("before_value") is not None or data.get("after_value") is not None
        if has_figure and not (data.get("unit") or "").strip():
            self.add_error(
                "unit", "Give the unit of the figures (for example: days, people, per cent)."
            )
        if data.get("before_value") is not None and not data.get("before_on"):
            self.add_error("before_on", "Give the date of the figure before.")
        if data.get("after_value") is not None and not data.get("after_on"):
            self.add_error("after_on", "Give the date of the figure after.")
        if data.get("before_on") and data.get("after_on") and data["after_on"] < data["before_on"]:
            self.add_error(
                "after_on", "The figure after must be dated on or after the figure before."
            )
        return data
