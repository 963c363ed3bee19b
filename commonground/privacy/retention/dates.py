"""Retention's calendar: "N months after day D", and which days a period has run out for today."""

import calendar
import datetime as dt

from django.utils import timezone


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def last_day_due(today: dt.date, months: int) -> dt.date:
    """The latest day D with `add_months(D, months) <= today`: what is at least `months` old today."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    length = calendar.monthrange(year, month + 1)[1]
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        return dt.date(year, month + 1, length)  # every later day of that month also lands on today
    return dt.date(year, month + 1, min(today.day, length))


def start_of_day_after(day: dt.date) -> dt.datetime:
    """The first moment after `day` in the site's time zone: rows stamped earlier are from that day or before."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def stamped_before_due(today: dt.date, months: int) -> dt.datetime:
    """Rows stamped before this moment are at least `months` old today."""
    return start_of_day_after(last_day_due(today, months))


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)
