"""Forms of the mentoring pages: each parses, the services decide."""

from typing import Any

from django import forms

from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin
from commonground.mentoring.models import MentorKind, MentorOffer, Rules
from commonground.mentoring.services.offers import MAX_CAPACITY


class OfferForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label="Mentor's email address", help_text="They must already have an account.")
    kind = forms.ChoiceField(label="Kind of mentor", choices=MentorKind.choices)
    capacity = forms.IntegerField(label="Capacity (mentees at a time)", min_value=0, max_value=MAX_CAPACITY)
    active = forms.BooleanField(label="Taking mentees", required=False, initial=True)


class RulesForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Rules
        fields = [
            "apart_organisation", "apart_team", "apart_line_management", "cross_sector_weight",
            "same_place_weight", "preference_weight", "first_meeting_days", "checkin_weeks",
        ]


class LineImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Who manages whom (CSV or XLSX)",
        help_text="Two columns, manager_email and report_email, one line each. It replaces the list held now.",
    )


class PreferencesForm(StyledFormMixin, forms.Form):
    same_place = forms.BooleanField(label="I would like a mentor from my place", required=False)

    def __init__(self, offers: list[MentorOffer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = offers
        choices = [("", "Not ranked")] + [(str(n), f"{n}") for n in range(1, len(offers) + 1)]
        for offer in offers:
            self.fields[f"offer_{offer.pk}"] = forms.ChoiceField(
                label=f"{offer.person.full_name} ({offer.get_kind_display()})", choices=choices, required=False
            )

    def ranking(self) -> list[int]:
        """Offer ids in the order the mentee gave (a repeated rank is refused by the service)."""
        ranked = [(int(self.cleaned_data[f"offer_{o.pk}"]), o.pk) for o in self.offers if self.cleaned_data.get(f"offer_{o.pk}")]
        ranks = [r for r, _ in ranked]
        if len(set(ranks)) != len(ranks):
            return [pk for _, pk in ranked] + [ranked[0][1]]  # a repeat the service names
        return [pk for _, pk in sorted(ranked)]


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = DateField(label="When you met")
    note = forms.CharField(
        label="A note for the two of you", max_length=200, required=False,
        help_text="Only you and your mentor or mentee see it. One line.",
    )


class EndForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label="Why the match is ending", max_length=200, required=False,
        help_text="Needed before the programme's end. Both of you and the programme lead see it.",
    )
