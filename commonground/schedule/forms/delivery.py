"""A lead's form linking a funder's support in kind to the sessions it delivered."""

from typing import Any

from django import forms
from django.db.models import Q

from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Contribution
from commonground.schedule.models import Session, SessionStatus
from commonground.schedule.services.delivery import session_label


class SessionChoices(forms.ModelMultipleChoiceField):
    owner_id: int | None = None  # the contribution being linked: its own sessions need no note

    def label_from_instance(self, obj: Session) -> str:  # type: ignore[override]
        label = session_label(obj.title, obj.starts_at)
        if obj.delivered_under_id and obj.delivered_under is not None and obj.delivered_under.pk != self.owner_id:
            label += f" (now under {obj.delivered_under.funder.name}: ticking it moves it here)"
        return label


class DeliveredSessionsForm(StyledFormMixin, forms.Form):
    sessions = SessionChoices(
        queryset=Session.objects.none(),
        required=False,
        label="Sessions it delivered",
        help_text="Tick every session this support delivered; untick one to unlink it.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose sessions of this programme only.",
            "invalid_pk_value": "Choose sessions of this programme only.",
        },
    )

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"sessions": list(contribution.sessions_delivered.values_list("pk", flat=True))})  # type: ignore[attr-defined]
        super().__init__(*args, **kwargs)
        field = self.fields["sessions"]
        field.owner_id = contribution.pk  # type: ignore[attr-defined]
        field.queryset = (  # type: ignore[attr-defined]
            Session.objects.filter(programme_id=contribution.programme_id)
            .filter(Q(status=SessionStatus.SCHEDULED) | Q(delivered_under=contribution))
            .select_related("delivered_under__funder")
            .order_by("starts_at", "pk")
        )
