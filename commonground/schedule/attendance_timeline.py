"""Attendance over the programme, month by month, as published.

Each month of ended sessions gives two counts: places offered (invitations of participants to the
month's sessions) and places taken (attended). Both are counts of person-sessions; they are
protected with the attendance figures they add up to (the months' offered and attended sum to
the attendance table's "All" row), so a hidden month cannot be worked out from the others and
the total. One query, whatever the size of the programme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from commonground.core import publishing
from commonground.core.disclosure import Publication
from commonground.schedule.attendance import Status
from commonground.schedule.models import Invitation


@dataclass(frozen=True)
class Month:
    month: dt.date  # the first day of the month
    offered: int | None
    attended: int | None

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"

    @property
    def rate(self) -> float | None:
        """Places taken as a share of places offered, in per cent; None when either is not shown."""
        if self.offered is None or self.attended is None or not self.offered:
            return None
        return round(100 * self.attended / self.offered, 1)


def attendance_by_month(offered: QuerySet[Invitation], *, given: Publication) -> list[Month]:
    """`offered` is `attendance.offered_invitations(...)`; `given` the attendance figures' publication
    (whose "all.offered" and "all.attended" the months add up to)."""
    rows = list(
        offered.annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(
            n_offered=Count("pk"),
            n_attended=Count("pk", filter=Q(status=Status.ATTENDED.value)),
        )
        .order_by("month")
    )
    if not rows:
        return []
    table = publishing.LinkedTable(given)
    keys: list[tuple[dt.date, str, str]] = []
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        key = f"month.{month:%Y-%m}"
        keys.append((month, table.cell(f"{key}.offered", row["n_offered"]), table.cell(f"{key}.attended", row["n_attended"])))
        table.at_most(f"{key}.attended", f"{key}.offered")
    for column in ("offered", "attended"):
        parts = [offered_key if column == "offered" else attended_key for _, offered_key, attended_key in keys]
        if f"all.{column}" in given.cells and given.cells[f"all.{column}"] == sum(table.value(p) for p in parts):
            table.sum(f"all.{column}", parts)
    published = table.protect()
    return [Month(month, published.value(o), published.value(a)) for month, o, a in keys]
