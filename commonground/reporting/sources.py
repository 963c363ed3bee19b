"""The published figures a report is built from: the same figures the pages show.

Every figure about people comes from the programme's published figures (reach, attendance,
completion, relationships, evaluation), so a report never publishes a count the pages do not,
and no pack, period or funder can be set against another to work out a hidden cell: a pack
chooses rows (its cohorts, its months) of tables that are protected once for the whole programme.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from commonground.codesign.models import Outcome
from commonground.core import figure_store
from commonground.development import figures as development_figures
from commonground.mentoring.figures import MeetingFigures, meetings_held
from commonground.network import figures as network_figures
from commonground.programmes import figures as programme_figures
from commonground.programmes import queries as programme_queries
from commonground.programmes.models import Programme, Sector
from commonground.recruitment.models import Quota, QuotaDimension
from commonground.schedule import stored_figures
from commonground.schedule.attendance_figures import AttendanceFigures, CompletionFigures
from commonground.schedule.attendance_timeline import Month


@dataclass(frozen=True)
class Sources:
    reach: programme_figures.Reach
    places_offered: dict[str, int]
    quotas: dict[str, tuple[int, int]]  # sector label → the places its cohorts' quotas ask for, at least and at most
    organisations: int
    attendance: AttendanceFigures
    months: list[Month]
    completion: CompletionFigures
    network: network_figures.NetworkFigures
    evaluation: development_figures.Evaluation
    outcomes: list[Outcome]
    computed_at: dt.datetime
    mentoring: MeetingFigures


def gather(programme: Programme) -> Sources:
    """Every published figure of the programme, as the figure store keeps them (computed by the task
    worker; computed now only when nothing is stored yet). `computed_at` is the oldest of their times."""
    reach = programme_figures.stored_reach(programme)
    attendance, completion = stored_figures.stored(programme)
    months = figure_store.read(programme.pk, stored_figures.MONTHS)
    network = network_figures.stored(programme)
    evaluation = development_figures.stored(programme)
    return Sources(
        reach=reach.value,
        places_offered=programme_queries.places_offered_by_place(programme),
        quotas=sector_quotas(programme),
        organisations=programme_queries.organisations_taking_part(programme),
        attendance=attendance.value,
        months=months.value,
        completion=completion.value,
        network=network.value,
        evaluation=evaluation.value,
        outcomes=list(
            Outcome.objects.filter(issue__programme=programme)
            .select_related("issue", "team")
            .order_by("issue__title", "pk")
        ),
        computed_at=figure_store.computed(reach, attendance, months, completion, network, evaluation).at,
        mentoring=meetings_held(programme),
    )


def sector_quotas(programme: Programme) -> dict[str, tuple[int, int]]:
    """Each sector's quota over the programme's cohorts, in places: the sum over cohorts of its
    minimum and maximum share of the cohort's places. One query."""
    labels = dict(Sector.choices)
    totals: dict[str, tuple[int, int]] = {}
    rows = Quota.objects.filter(cohort__programme=programme, dimension=QuotaDimension.SECTOR).values_list(
        "sector", "min_share", "max_share", "cohort__capacity"
    )
    for sector, low, high, capacity in rows:
        label = str(labels.get(sector, sector))
        at_least, at_most = totals.get(label, (0, 0))
        totals[label] = (at_least + math.ceil(low * capacity / 100), at_most + math.floor(high * capacity / 100))
    return totals


def refresh(programme: Programme) -> list[str]:
    """Compute every stored figure of the programme now (what the task worker does after a change)."""
    return figure_store.refresh_all(programme.pk)
