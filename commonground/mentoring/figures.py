"""Mentoring figures for the evaluation (level 3, behaviour): meetings held, through disclosure control."""

from dataclasses import dataclass

from django.db.models import Count

from commonground.core.disclosure import Table
from commonground.core.publishing import publish
from commonground.mentoring.models import Meeting
from commonground.programmes.models import Programme


@dataclass(frozen=True)
class MeetingFigures:
    meetings: int | None  # None: too few to show
    pairs: int | None


def meetings_held(programme: Programme) -> MeetingFigures:
    """Mentoring meetings recorded in the programme and the pairs who met, each shown only from 5 up."""
    counts = Meeting.objects.filter(match__programme=programme).aggregate(
        meetings=Count("pk"), pairs=Count("match", distinct=True)
    )
    published = publish(Table(cells={"meetings": counts["meetings"], "pairs": counts["pairs"]}))
    return MeetingFigures(published.value("meetings"), published.value("pairs"))
