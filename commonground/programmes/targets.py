"""What the overview draws reach against, from the features that set it.

A cohort's places are the programmes app's own (`queries.places_offered_by_place`); its quotas are
recruitment's, which sits above programmes. So recruitment registers a reader of them here with
`register_sector_targets` in its `AppConfig.ready()` (as it fills grouping's `holds`), and
`sector_targets` asks every registered reader: with none, sectors simply have no targets.
"""

from collections.abc import Callable
from dataclasses import dataclass

from commonground.programmes.models import Programme


@dataclass(frozen=True)
class Target:
    """Places the programme sets aside for a sector at least, and allows it at most (None: no such rule)."""

    at_least: int | None = None
    at_most: int | None = None


SectorTargets = Callable[[Programme], dict[str, Target]]

_readers: dict[str, SectorTargets] = {}


def register_sector_targets(name: str, reader: SectorTargets) -> None:
    """Read sector targets with `reader` from now on (call from `AppConfig.ready()`); registering a
    name again replaces its reader. A reader answers by sector label, in a fixed number of queries."""
    _readers[name] = reader


def sector_targets(programme: Programme) -> dict[str, Target]:
    """Each sector's targets, by sector label, from every registered reader."""
    found: dict[str, Target] = {}
    for reader in _readers.values():
        found.update(reader(programme))
    return found
