"""The codec gives back exactly what it was given, led by type hints alone (no database needed).

The real figures (reach, attendance, completion, relationships, the evaluation) round-trip in
`test_figure_store.py`, built from a seeded programme.
"""

import datetime as dt
import enum
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.db import models

from commonground.core import codec, disclosure
from commonground.core.disclosure import Relation, Table


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


class Band(models.TextChoices):
    SENIOR = "senior", "Senior"
    JUNIOR = "junior", "Junior"


@dataclass(frozen=True)
class Inner:
    label: str
    count: int | None
    share: float | None = None


@dataclass(frozen=True)
class Outer:
    inners: list[Inner]
    by_id: dict[int, Inner]
    pairs: list[tuple[str, int | None]]
    ids: frozenset[int]
    cells: Mapping[str, int]
    rest: tuple[Inner, ...]
    colour: Colour
    band: Band
    money: Decimal
    day: dt.date
    moment: dt.datetime
    optional: Inner | None = None
    tags: set[str] = field(default_factory=set)
    publication: disclosure.Publication | None = field(default=None, repr=False)


def _through_json(value: object) -> object:
    """The encoding as the database gives it back: JSON text and back."""
    return json.loads(json.dumps(codec.encode(value), allow_nan=False))


def _publication() -> disclosure.Publication:
    table = Table(
        cells={"all": 12, "a": 3, "b": 9, "c": 0},
        relations=(Relation("all", ("a", "b", "c")),),
    )
    return disclosure.protect(table)


def test_a_nested_dataclass_comes_back_equal_with_its_types() -> None:
    value = Outer(
        inners=[Inner("East", 12, 0.25), Inner("West", None)],
        by_id={3: Inner("Three", 3), 10: Inner("Ten", None)},
        pairs=[("nhs", 4), ("none", None)],
        ids=frozenset({9, 2, 5}),
        cells={"a": 1, "b": 2},
        rest=(Inner("x", 1),),
        colour=Colour.BLUE,
        band=Band.SENIOR,
        money=Decimal("60000.10"),
        day=dt.date(2026, 12, 6),
        moment=dt.datetime(2026, 12, 6, 14, 5, tzinfo=dt.UTC),
        optional=Inner("maybe", 0),
        tags={"b", "a"},
        publication=_publication(),
    )
    back = codec.decode(Outer, _through_json(value))
    assert back == value
    assert back.publication == value.publication
    assert list(back.by_id) == [3, 10], "int keys stay int, in order"
    assert type(back.colour) is Colour and type(back.band) is Band
    assert isinstance(back.rest, tuple) and isinstance(back.ids, frozenset) and isinstance(back.tags, set)
    assert isinstance(back.pairs[0], tuple)
    assert back.moment.utcoffset() == dt.timedelta(0)
    assert back.money == Decimal("60000.10") and str(back.money) == "60000.10"


def test_a_publication_keeps_what_was_hidden_and_why() -> None:
    published = _publication()
    back = codec.decode(disclosure.Publication, _through_json(published))
    assert back.hidden == published.hidden and back.primary == published.primary
    assert back.value("a") is None and back.value("all") == 12
    assert back.relations == published.relations


def test_the_same_set_always_encodes_the_same() -> None:
    assert codec.encode(frozenset({"b", "a", "c"})) == ["a", "b", "c"]
    assert codec.encode({3, 1, 2}) == [1, 2, 3]


def test_floats_that_json_cannot_hold_come_back() -> None:
    @dataclass(frozen=True)
    class Ratio:
        value: float

    back = codec.decode(Ratio, _through_json(Ratio(math.inf)))
    assert back.value == math.inf
    assert math.isnan(codec.decode(Ratio, _through_json(Ratio(math.nan))).value)


def test_a_field_added_with_a_default_still_reads_older_data() -> None:
    assert codec.decode(Inner, {"label": "Old", "count": 4}) == Inner("Old", 4)


def test_it_refuses_what_it_cannot_encode_rather_than_store_it_wrongly() -> None:
    with pytest.raises(TypeError, match="Cannot encode a object"):
        codec.encode(object())


def test_it_refuses_data_of_the_wrong_type() -> None:
    with pytest.raises(TypeError):
        codec.decode(Inner, {"label": "x", "count": "4"})
