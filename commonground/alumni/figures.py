"""The alumni map's counts, as published: each place's count through `core.disclosure`.

The map publishes one count per place of the system and no total, so the places are one table
of separate cells: counts from 1 to 4 are hidden, zero is shown, and nothing else relates them.
"""

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode

from commonground.alumni.map_svg import MapPlace
from commonground.alumni.queries import Viewer, place_counts
from commonground.core import disclosure
from commonground.programmes.models import Place


def map_places(v: Viewer, *, now: dt.datetime | None = None) -> list[MapPlace]:
    """Every place of the system by name, with its published count and its directory link."""
    counts = place_counts(v, now=now)
    published = disclosure.protect(disclosure.Table(cells={str(pk): n for pk, n in counts.items()}))
    directory = reverse("alumni:directory", args=[v.system.pk])
    return [
        MapPlace(
            name=place.name,
            count=published.value(str(place.pk)),
            href=f"{directory}?{urlencode({'place': place.pk})}",
        )
        for place in Place.objects.filter(system=v.system).order_by("name")
    ]
