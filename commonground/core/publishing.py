"""Disclosure decisions, remembered: a table is protected once, whichever page or export asks.

`disclosure.protect` is pure and deterministic, and deciding a large table (the attendance of a
few hundred organisation rows) takes up to a second. The pages and exports of one programme ask
for the same tables again and again, so `publish` keeps each decision (which cells it hid) in the
cache under a digest of everything the decision depends on: every cell's true value, the
relations, the latent and sensitive cells, the earlier publication it builds on, and the rules.
Any change in the data gives a new digest and so a fresh decision; nothing stale is ever shown.
"""

import hashlib
import json

from django.core.cache import cache

from commonground.core import disclosure
from commonground.core.disclosure import Publication, Relation, Table

REMEMBER_FOR = 7 * 24 * 3600  # seconds; an unused decision simply expires
RULES = f"v1:{disclosure.THRESHOLD}:{disclosure.NEEDED_VALUES}"  # change it when the algorithm changes


def publish(table: Table, *, given: Publication | None = None) -> Publication:
    """`disclosure.protect(table, given=given)`, decided once for the same data."""
    key = f"disclosure:{_digest(table, given)}"
    hidden = cache.get(key)
    if hidden is not None:
        return disclosure.republish(table, hidden=frozenset(hidden), given=given)
    published = disclosure.protect(table, given=given)
    cache.set(key, sorted(published.hidden - (given.hidden if given else frozenset())), REMEMBER_FOR)
    return published


class LinkedTable:
    """Cells and relations for one table to protect, linked to an earlier publication.

    Pages build their table cell by cell: `cell` records a true count, `sum` says a count is the
    sum of others, `at_most` / `at_most_sum` say one count bounds others (through a latent cell
    holding the difference, added only when the bound holds), and `protect` publishes the table
    with everything already published in `given`.
    """

    def __init__(self, given: Publication) -> None:
        self.given = given
        self.cells: dict[str, int] = {}
        self.relations: list[Relation] = []
        self.latent: set[str] = set()

    def value(self, key: str) -> int:
        return self.cells[key] if key in self.cells else self.given.cells[key]

    def cell(self, key: str, value: int) -> str:
        self.cells[key] = value
        return key

    def sum(self, total: str, parts: list[str]) -> None:
        self.relations.append(Relation(total, tuple(dict.fromkeys(parts))))

    def at_most(self, small: str, big: str) -> None:
        self.at_most_sum(big, [small])

    def at_most_sum(self, big: str, smalls: list[str]) -> None:
        """sum(smalls) ≤ big, through a latent cell holding the difference (only when it holds)."""
        gap = self.value(big) - sum(self.value(s) for s in smalls)
        if gap >= 0:
            slack = self.cell(f"{big}.beyond.{'+'.join(smalls)}", gap)
            self.latent.add(slack)
            self.relations.append(Relation(big, (*smalls, slack)))

    def protect(self) -> Publication:
        return publish(
            Table(cells=self.cells, relations=tuple(self.relations), latent=frozenset(self.latent)), given=self.given
        )


def _digest(table: Table, given: Publication | None) -> str:
    def relations(items: tuple[disclosure.Relation, ...]) -> list[list[object]]:
        return [[r.total, list(r.parts)] for r in items]

    payload = {
        "rules": RULES,
        "cells": sorted(table.cells.items()),
        "relations": relations(table.relations),
        "latent": sorted(table.latent),
        "sensitive": sorted(table.sensitive),
        "given": None if given is None else {
            "cells": sorted(given.cells.items()),
            "relations": relations(given.relations),
            "latent": sorted(given.latent),
            "hidden": sorted(given.hidden),
        },
    }
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()
