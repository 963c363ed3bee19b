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
from commonground.core.disclosure import Publication, Table

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
