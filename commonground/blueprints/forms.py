"""The blueprints' forms: a template's name, a new intake's title, start and cohorts, a deferral's reason."""

import datetime as dt
from typing import Any

from django import forms

from commonground.blueprints.services import CohortChoice
from commonground.core.dates import DateField
from commonground.core.forms import WIDGET_CLASSES, StyledFormMixin, check_input
from commonground.programmes.models import Place, System


class TemplateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="Template name", max_length=200,
        help_text="How your system's leads will know it, for example: Leading Together, autumn intake.",
    )


class IntakeForm(StyledFormMixin, forms.Form):
    """The new programme's title and first day, and each of the template's cohorts: run or not,
    where, and how many places (pre-filled from the template and the system's places)."""

    title = forms.CharField(label="Title of the new programme", max_length=200)
    starts_on = DateField(label="First day", help_text="The launch of the first cohort. For example, 7 9 2027")

    def __init__(self, *args: Any, system: System, choices: list[CohortChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohorts = [choice.cohort for choice in choices]
        places = Place.objects.filter(system=system).order_by("name")
        for n, choice in enumerate(choices):
            name = choice.cohort
            self._add(f"run_{n}", forms.BooleanField(label=f"Run {name}", required=False, initial=True))
            self._add(f"place_{n}", forms.ModelChoiceField(
                label=f"Place of {name}", queryset=places, required=False, empty_label="The whole system",
                initial=choice.place.pk if choice.place else None,
            ))
            self._add(f"capacity_{n}", forms.IntegerField(
                label=f"Places in {name}", min_value=1, max_value=100_000, initial=choice.capacity,
            ))

    def _add(self, name: str, field: forms.Field) -> None:
        """A cohort's field, checked and styled as the mixin does the declared ones."""
        check_input(name, field)
        for widget_type, css_class in WIDGET_CLASSES:
            if isinstance(field.widget, widget_type):
                field.widget.attrs["class"] = css_class
                break
        self.fields[name] = field

    def rows(self) -> list[dict[str, Any]]:
        """Each cohort's three fields, for the template to lay out as a row."""
        return [
            {"name": name, "run": self[f"run_{n}"], "place": self[f"place_{n}"], "capacity": self[f"capacity_{n}"]}
            for n, name in enumerate(self.cohorts)
        ]

    def choices(self) -> list[CohortChoice]:
        data = self.cleaned_data
        return [
            CohortChoice(cohort=name, place=data[f"place_{n}"], capacity=data[f"capacity_{n}"])
            for n, name in enumerate(self.cohorts)
            if data.get(f"run_{n}")
        ]

    @property
    def starts(self) -> dt.date:
        value: dt.date = self.cleaned_data["starts_on"]
        return value


class DeferForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why, in a few words", max_length=300, required=False,
        help_text="Kept with the record. Leave out health details.",
    )
