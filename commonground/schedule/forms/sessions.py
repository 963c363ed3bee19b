"""Forms for modules, sessions, replies and cancellations. Times are entered in Europe/London."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from commonground.accounts.models import Person
from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Cohort, Organisation, Programme, Role
from commonground.schedule.models import Module, Reply, Session, SessionKind

LONDON = ZoneInfo("Europe/London")


def _facilitators(programme: Programme) -> Any:
    return (
        Person.objects.filter(memberships__programme=programme, memberships__role=Role.FACILITATOR)
        .distinct()
        .order_by("full_name")
    )


def _limit(field: forms.Field, queryset: Any) -> None:
    """Narrow a model choice field to the programme's own objects."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class PersonChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class ModuleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    outcomes = forms.CharField(
        label="Learning outcomes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One outcome per line.",
    )
    partner = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The organisation that delivers the module.",
    )
    facilitators = PersonChoice(
        label="Facilitators",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    order = forms.IntegerField(
        label="Order in the programme", min_value=0, max_value=100, initial=0
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self.fields["partner"],
            Organisation.objects.filter(system_id=programme.system_id).order_by("name"),
        )
        _limit(self.fields["facilitators"], _facilitators(programme))

    @staticmethod
    def initial_for(module: Module) -> dict[str, Any]:
        return {
            "title": module.title,
            "outcomes": module.outcomes,
            "partner": module.partner_id,
            "facilitators": list(module.facilitators.values_list("pk", flat=True)),
            "order": module.order,
        }


class SessionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind of session", choices=SessionKind.choices)
    module = forms.ModelChoiceField(
        label="Module",
        queryset=Module.objects.none(),
        required=False,
        help_text="Leave empty for a launch, a learning-set meeting or a celebration.",
    )
    description = forms.CharField(
        label="What happens", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cohorts = forms.ModelMultipleChoiceField(
        label="Cohorts",
        queryset=Cohort.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose none for the whole programme.",
    )
    date = DateField(label="Date", error_messages={"required": "Enter the date of the session."})
    start_time = forms.TimeField(
        label="Starts at",
        help_text="UK time, for example 09:30.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label="Ends at",
        help_text="UK time, for example 16:00.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    venue_name = forms.CharField(label="Venue", max_length=200, required=False)
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    access_information = forms.CharField(
        label="Access information",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Step-free access, hearing loop, parking, quiet room.",
    )
    online_url = forms.URLField(
        label="Online link",
        required=False,
        assume_scheme="https",
        help_text="For an online session, or a hybrid one.",
    )
    capacity = forms.IntegerField(
        label="Capacity",
        min_value=1,
        max_value=5000,
        required=False,
        help_text="Leave empty for no limit. When it is reached, replies join a waiting list.",
    )
    facilitators = PersonChoice(
        label="Facilitators",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    open_to_system = forms.BooleanField(
        label="Open to the whole system",
        required=False,
        help_text="Participants of the system's other running programmes are invited too, and reply as to "
        "their own sessions.",
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["module"], Module.objects.filter(programme=programme))
        _limit(self.fields["cohorts"], Cohort.objects.filter(programme=programme).order_by("name"))
        _limit(self.fields["facilitators"], _facilitators(programme))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, day = data.get("start_time"), data.get("end_time"), data.get("date")
        if start and end and end <= start:
            self.add_error("end_time", "The session must end after it starts.")
        if not data.get("venue_name") and not data.get("online_url"):
            self.add_error("venue_name", "Give a venue, or an online link for an online session.")
        if data.get("kind") == SessionKind.MODULE and not data.get("module"):
            self.add_error(
                "module",
                "Choose the module this session belongs to, or choose another kind of session.",
            )
        if day and start and end:
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=LONDON)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=LONDON)
        return data

    def session_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "kind": d["kind"],
            "module": d["module"],
            "description": d["description"],
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "venue_name": d["venue_name"],
            "address": d["address"],
            "access_information": d["access_information"],
            "online_url": d["online_url"],
            "capacity": d["capacity"],
            "open_to_system": d["open_to_system"],
        }

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        starts, ends = session.starts_at.astimezone(LONDON), session.ends_at.astimezone(LONDON)
        return {
            "title": session.title,
            "kind": session.kind,
            "module": session.module_id,
            "description": session.description,
            "cohorts": list(session.cohorts.values_list("pk", flat=True)),
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "venue_name": session.venue_name,
            "address": session.address,
            "access_information": session.access_information,
            "online_url": session.online_url,
            "capacity": session.capacity,
            "facilitators": list(session.facilitators.values_list("pk", flat=True)),
            "open_to_system": session.open_to_system,
        }


class ReplyForm(StyledFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label="Your reply",
        choices=[(Reply.ATTENDING, "I am attending"), (Reply.APOLOGIES, "I am sending apologies")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you are attending or sending apologies."},
    )
    reason = forms.CharField(
        label="Reason for apologies",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when sending apologies. The facilitators and the programme team see it.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == Reply.APOLOGIES and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why you cannot come, so the facilitators can plan.")
        return data


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone invited is told, with this reason.",
        error_messages={"required": "Give a reason, so people know why the session is cancelled."},
    )
