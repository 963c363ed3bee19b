"""Forms of the alumni pages: an entry's field-by-field choices, the directory's search, an offer to help."""

from typing import Any

from django import forms
from django.http import QueryDict

from commonground.alumni.models import FIELDS, Audience, DirectoryEntry, audience_field
from commonground.alumni.queries import Filters, live_issues
from commonground.alumni.services.entries import MAX_TOPICS, EntryChoices, split_topics
from commonground.core.forms import StyledFormMixin
from commonground.core.inputs import parse_id, search_words
from commonground.programmes.models import Sector

CONSENT_WORDS = (
    "I agree to be listed in this system's alumni directory, showing the fields I chose to the people "
    "I chose, for a year. I can change my choices or leave the directory at any time."
)


class IssueChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"#{obj.pk} {obj.title} ({obj.place_label})"


class EntryForm(StyledFormMixin, forms.Form):
    """What the entry shows, and to whom, field by field."""

    role = forms.CharField(label="Role or job title", max_length=120, required=False)
    help_line = forms.CharField(
        label="How I can help", max_length=160, required=False,
        help_text="One line, for example: \"Happy to talk through setting up a discharge hub\".",
    )
    contact_email = forms.EmailField(label="Contact email", required=False, max_length=254)
    topics = forms.CharField(
        label="Ask me about", max_length=600, required=False,
        help_text=f"Up to {MAX_TOPICS} topics, separated by commas.",
    )
    issues = IssueChoices(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label="Live local issues to ask me about",
    )
    consent = forms.BooleanField(label=CONSENT_WORDS, required=False)

    def __init__(self, entry: DirectoryEntry, *args: Any, **kwargs: Any) -> None:
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "role": entry.role,
                "help_line": entry.help_line,
                "contact_email": entry.contact_email,
                "topics": ", ".join(t.words for t in entry.topics.all()),
                "issues": list(entry.issues.values_list("pk", flat=True)),
                **{audience_field(key): entry.audience(key) for key in FIELDS},
            }
        super().__init__(*args, **kwargs)
        for key, label in FIELDS.items():
            # Added after the mixin styled the declared fields, so styled here.
            self.fields[audience_field(key)] = forms.ChoiceField(
                label=f"Who sees: {label.lower()}", choices=Audience.choices, initial=Audience.NOBODY,
                widget=forms.Select(attrs={"class": "nhsuk-select"}),
            )
        self.fields["issues"].queryset = live_issues(entry.system_id)  # type: ignore[attr-defined]
        # Rendered as NHS.UK checkboxes by the template, not as selects.
        self.fields["issues"].widget.attrs.pop("class", None)

    def audience_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(key, self[audience_field(key)]) for key in FIELDS]

    def choices(self) -> EntryChoices:
        data = self.cleaned_data
        return EntryChoices(
            role=data["role"].strip(),
            help_line=data["help_line"].strip(),
            contact_email=data["contact_email"].strip(),
            topics=split_topics(data["topics"]),
            issues=list(data["issues"]),
            audiences={key: data[audience_field(key)] for key in FIELDS},
            consent=data["consent"],
        )


def filters_from(query: QueryDict) -> Filters:
    """A directory search from the address: anything malformed is ignored, never an error."""
    sector = query.get("sector", "")
    return Filters(
        name=search_words(query.get("name"), 100),
        topic=search_words(query.get("topic"), 60),
        place=parse_id(query.get("place")),
        sector=sector if sector in Sector.values else "",
        organisation=parse_id(query.get("organisation")),
    )


class OfferForm(StyledFormMixin, forms.Form):
    """An alumnus's offer to be a buddy or a mentor for a programme's new cohorts."""

    programme = forms.TypedChoiceField(label="Programme", coerce=int, choices=())
    as_buddy = forms.BooleanField(label="As a buddy", required=False)
    as_mentor = forms.BooleanField(label="As a mentor", required=False)
    capacity = forms.IntegerField(
        label="How many people at once", min_value=1, max_value=10, initial=1,
        help_text="From 1 to 10.",
    )

    def __init__(self, programmes: list[tuple[int, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("as_buddy") and not data.get("as_mentor"):
            self.add_error("as_buddy", "Choose to help as a buddy, as a mentor, or both.")
        return data
