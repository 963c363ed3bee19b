import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from commonground.accounts.consent_forms import ShownWordingMixin
from commonground.accounts.consents import Purpose
from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin
from commonground.development import scoring
from commonground.development.equality import QUESTIONS
from commonground.development.models import Goal, Instrument, KirkpatrickLevel, RoundKind
from commonground.development.queries import JOURNAL_PROMPTS
from commonground.development.services import ItemRow
from commonground.programmes.models import Cohort, Programme


class HealthConsentForm(StyledFormMixin, ShownWordingMixin):
    purposes = (Purpose.HEALTH_DATA,)
    agree = forms.BooleanField(
        label="I agree to share my resilience and wellbeing answers on these terms",
        error_messages={"required": "Tick the box to agree, or leave this page: these questions are optional."},
    )


class EqualityConsentForm(StyledFormMixin, ShownWordingMixin):
    purposes = (Purpose.EQUALITY,)
    agree = forms.BooleanField(
        label="I agree to answer the equality monitoring questions on these terms",
        error_messages={"required": "Tick the box to agree, or leave this page: these questions are optional."},
    )


class EqualityForm(StyledFormMixin, forms.Form):
    """The equality monitoring questions: every one optional, every one with "Prefer not to say"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.field] = forms.ChoiceField(
                label=question.text,
                choices=question.choices.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Choose one of the answers listed for “{question.text}”, or leave it blank."
                },
            )


class ResponseForm(forms.Form):
    """The questions of one instrument version; every question may be left unanswered."""

    def __init__(self, definition: scoring.Definition, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        scale = definition.scale
        choices = [(str(p), f"{p}{' – ' + scale.labels[p] if p in scale.labels else ''}") for p in scale.points]
        for item in definition.items:
            if item.kind == scoring.ItemKind.TEXT:
                self.fields[item.key] = forms.CharField(
                    label=item.text, required=False, max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "nhsuk-textarea"}),
                )
            else:
                self.fields[item.key] = forms.ChoiceField(
                    label=item.text, required=False, choices=choices, widget=forms.RadioSelect
                )

    def answers(self) -> dict[str, object]:
        return {key: (value if value != "" else None) for key, value in self.cleaned_data.items()}


class GoalForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    by_when = DateField(label="By when", required=False)

    class Meta:
        model = Goal
        fields = ["what", "by_when", "status", "reflections"]
        widgets = {
            "reflections": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"reflections": "What is helping, what is in the way, what you have learnt."}


class JournalForm(StyledFormMixin, forms.Form):
    prompt = forms.ChoiceField(
        label="Start from a prompt", required=False,
        choices=[("", "No prompt: write freely")] + [(p, p) for p in JOURNAL_PROMPTS],
    )
    body = forms.CharField(label="Your reflection", widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)


SCALES = {
    "1-5": (1, 5),
    "0-10": (0, 10),
}


class InstrumentForm(StyledFormMixin, forms.Form):
    """A lead's own instrument: one question per line, as `question | dimension | reversed`."""

    name = forms.CharField(max_length=200, label="Name")
    kirkpatrick_level = forms.TypedChoiceField(
        label="Kirkpatrick level", choices=KirkpatrickLevel.choices, coerce=int, initial=KirkpatrickLevel.LEARNING
    )
    scale = forms.ChoiceField(
        label="Answer scale", choices=[("1-5", "1 to 5 (strongly disagree to strongly agree)"), ("0-10", "0 to 10")]
    )
    items = forms.CharField(
        label="Questions",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "One question per line: the question, a bar, its dimension, and optionally a bar and the word "
            "reversed (for a question where agreeing means less of the dimension). For example: "
            "I seek out views from other sectors | System thinking"
        ),
    )
    citation = forms.CharField(label="Source or citation", required=False, max_length=1000)

    def clean_items(self) -> list[ItemRow]:
        rows: list[ItemRow] = []
        errors: list[str] = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (2, 3):
                errors.append(f"Line {number}: write the question, a bar (|), then its dimension.")
                continue
            text, dimension = parts[0], parts[1]
            flag = parts[2].casefold() if len(parts) == 3 else ""
            if not text:
                errors.append(f"Line {number}: the question is empty.")
            if not dimension:
                errors.append(f"Line {number}: name the dimension after the bar.")
            if flag not in ("", "reversed", "reverse", "r"):
                errors.append(f"Line {number}: the third part may only be 'reversed', not {parts[2]!r}.")
            if len(text) > 500:
                errors.append(f"Line {number}: keep a question under 500 characters.")
            rows.append(ItemRow(text=text, dimension=dimension, reversed=bool(flag)))
        if not rows and not errors:
            errors.append("Add at least one question.")
        if len(rows) > 100:
            errors.append("An instrument may have at most 100 questions.")
        if errors:
            raise forms.ValidationError(errors)
        return rows


class RoundForm(StyledFormMixin, forms.Form):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none(), label="Instrument")
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), label="Cohort", required=False, empty_label="The whole programme"
    )
    kind = forms.ChoiceField(label="Round", choices=[c for c in RoundKind.choices if c[0] != RoundKind.SESSION])
    opens_on = DateField(label="Opens on")
    closes_on = DateField(label="Closes on (end of the day before)")

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.available_to(programme)  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = Cohort.objects.filter(programme=programme)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] <= data["opens_on"]:
            self.add_error("closes_on", "The round must close after it opens.")
        return data

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        opens = dt.datetime.combine(self.cleaned_data["opens_on"], dt.time(0), tzinfo=tz)
        closes = dt.datetime.combine(self.cleaned_data["closes_on"], dt.time(0), tzinfo=tz)
        return opens, closes
