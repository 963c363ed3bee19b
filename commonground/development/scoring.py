"""Instrument definitions and their scoring: PURE Python, no Django import (a test enforces it).

A definition is plain JSON-able data (stored on `InstrumentVersion.definition`):

    {"scale": {"min": 1, "max": 5, "labels": {"1": "Strongly disagree", "5": "Strongly agree"}},
     "rule": "mean" | "banded",
     "dimensions": [{"key": "resilience", "label": "Resilience"}],
     "items": [{"key": "brs2", "text": "…", "dimension": "resilience", "reversed": true,
                "kind": "scale" | "text", "bands": "positive"}],
     "bands": {"positive": [{"label": "Low", "min": 0, "max": 4}, …]}}

Rules:

- **mean**: a dimension's score is the mean of its answered scale items, a reversed item counting
  as (min + max − answer). Missing answers: a dimension is scored only when at least half of its
  items (rounded up) are answered; otherwise it has no score. The Brief Resilience Scale is this
  rule over one dimension of six items (2, 4 and 6 reversed), so it needs three answers.
- **banded**: every dimension is a single item reported on its own with its band (ONS4: four
  0–10 questions, never summed; anxiety has its own, reversed, bands). A missing answer has no
  score and no band.

Text items are collected, never scored. Change between rounds is summarised by `mean_change`:
the mean of paired differences with a two-sided 95% confidence interval from Student's t
distribution (n − 1 degrees of freedom).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Rule(StrEnum):
    MEAN = "mean"
    BANDED = "banded"


class ItemKind(StrEnum):
    SCALE = "scale"
    TEXT = "text"


class DefinitionError(ValueError):
    """A definition that cannot be scored; `problems` lists every reason, one per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Band:
    label: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    dimension: str | None
    reversed: bool = False
    kind: ItemKind = ItemKind.SCALE
    bands: str | None = None


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str


@dataclass(frozen=True)
class Scale:
    minimum: int
    maximum: int
    labels: Mapping[int, str] = field(default_factory=dict)

    @property
    def points(self) -> list[int]:
        return list(range(self.minimum, self.maximum + 1))

    def reverse(self, value: int) -> int:
        return self.minimum + self.maximum - value


@dataclass(frozen=True)
class Definition:
    scale: Scale
    rule: Rule
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    bands: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)

    @property
    def scale_items(self) -> list[Item]:
        return [i for i in self.items if i.kind == ItemKind.SCALE]

    @property
    def text_items(self) -> list[Item]:
        return [i for i in self.items if i.kind == ItemKind.TEXT]

    def items_of(self, dimension: str) -> list[Item]:
        return [i for i in self.scale_items if i.dimension == dimension]

    def label_of(self, dimension: str) -> str:
        return next((d.label for d in self.dimensions if d.key == dimension), dimension)


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    value: float | None
    answered: int
    items: int
    band: str | None = None


# -- Reading and checking definitions ---------------------------------------------------------


def _is_whole(text: str) -> bool:
    """A whole number in plain digits (str.isdigit() also takes "²", which int() refuses)."""
    digits = text.removeprefix("-")
    return 0 < len(digits) <= 9 and all("0" <= c <= "9" for c in digits)


def _int(value: object, what: str, problems: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{what} must be a whole number.")
        return 0
    return value


def parse_definition(data: Mapping[str, Any]) -> Definition:
    """Read a stored definition, raising DefinitionError with every problem found."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise DefinitionError(["The definition must be an object."])
    raw_scale = data.get("scale") or {}
    minimum = _int(raw_scale.get("min"), "The scale minimum", problems)
    maximum = _int(raw_scale.get("max"), "The scale maximum", problems)
    if not problems and maximum <= minimum:
        problems.append("The scale maximum must be above its minimum.")
    labels = {int(k): str(v) for k, v in (raw_scale.get("labels") or {}).items() if _is_whole(str(k))}
    scale = Scale(minimum, maximum, labels)

    try:
        rule = Rule(data.get("rule", ""))
    except ValueError:
        problems.append(f"Unknown scoring rule {data.get('rule')!r}: use 'mean' or 'banded'.")
        rule = Rule.MEAN

    dimensions: list[Dimension] = []
    for raw in data.get("dimensions") or []:
        key = str(raw.get("key", "")).strip()
        if not key:
            problems.append("Every dimension needs a key.")
            continue
        dimensions.append(Dimension(key, str(raw.get("label") or key)))
    dimension_keys = [d.key for d in dimensions]
    if len(set(dimension_keys)) != len(dimension_keys):
        problems.append("Dimension keys must be unique.")
    if not dimensions:
        problems.append("At least one dimension is needed.")

    bands: dict[str, tuple[Band, ...]] = {}
    for name, raw_bands in (data.get("bands") or {}).items():
        parsed = tuple(
            Band(str(b.get("label", "")), _int(b.get("min"), f"Band {name} minimum", problems),
                 _int(b.get("max"), f"Band {name} maximum", problems))
            for b in raw_bands
        )
        bands[str(name)] = parsed
        if not problems:
            problems += _check_bands(str(name), parsed, scale)

    items: list[Item] = []
    for number, raw in enumerate(data.get("items") or [], start=1):
        key = str(raw.get("key", "")).strip()
        try:
            kind = ItemKind(raw.get("kind", ItemKind.SCALE))
        except ValueError:
            problems.append(f"Item {number}: unknown kind {raw.get('kind')!r}.")
            continue
        dimension = raw.get("dimension")
        item = Item(
            key=key,
            text=str(raw.get("text", "")).strip(),
            dimension=str(dimension) if dimension else None,
            reversed=bool(raw.get("reversed", False)),
            kind=kind,
            bands=str(raw["bands"]) if raw.get("bands") else None,
        )
        if not item.key:
            problems.append(f"Item {number} needs a key.")
        if not item.text:
            problems.append(f"Item {number} needs its question text.")
        if kind == ItemKind.SCALE and item.dimension not in dimension_keys:
            problems.append(f"Item {number} belongs to an unknown dimension {item.dimension!r}.")
        if kind == ItemKind.TEXT and item.reversed:
            problems.append(f"Item {number} is free text, so it cannot be reversed.")
        if item.bands is not None and item.bands not in bands:
            problems.append(f"Item {number} uses unknown bands {item.bands!r}.")
        items.append(item)
    item_keys = [i.key for i in items]
    if len(set(item_keys)) != len(item_keys):
        problems.append("Item keys must be unique.")

    definition = Definition(scale, rule, tuple(dimensions), tuple(items), bands)
    for dimension in dimensions:
        members = definition.items_of(dimension.key)
        if not members:
            problems.append(f"Dimension {dimension.label!r} has no items.")
        elif rule == Rule.BANDED and (len(members) != 1 or members[0].bands is None or members[0].reversed):
            problems.append(
                f"Dimension {dimension.label!r}: a banded instrument reports each question on its own, "
                "so each dimension needs exactly one item with bands and no reversal."
            )
    if problems:
        raise DefinitionError(problems)
    return definition


def _check_bands(name: str, bands: tuple[Band, ...], scale: Scale) -> list[str]:
    """Bands must cover every point of the scale exactly once, in order."""
    expected = scale.minimum
    for band in bands:
        if band.minimum != expected or band.maximum < band.minimum:
            return [f"Bands {name!r} must cover {scale.minimum}–{scale.maximum} in order without gaps or overlaps."]
        expected = band.maximum + 1
    if expected != scale.maximum + 1:
        return [f"Bands {name!r} must cover {scale.minimum}–{scale.maximum} in order without gaps or overlaps."]
    return []


def definition_to_data(definition: Definition) -> dict[str, Any]:
    """The JSON-able form `parse_definition` reads back."""
    return {
        "scale": {
            "min": definition.scale.minimum,
            "max": definition.scale.maximum,
            "labels": {str(k): v for k, v in definition.scale.labels.items()},
        },
        "rule": str(definition.rule),
        "dimensions": [{"key": d.key, "label": d.label} for d in definition.dimensions],
        "items": [
            {"key": i.key, "text": i.text, "dimension": i.dimension, "reversed": i.reversed,
             "kind": str(i.kind), **({"bands": i.bands} if i.bands else {})}
            for i in definition.items
        ],
        "bands": {
            name: [{"label": b.label, "min": b.minimum, "max": b.maximum} for b in bands]
            for name, bands in definition.bands.items()
        },
    }


# -- Answers and scores -----------------------------------------------------------------------


def clean_answers(definition: Definition, answers: Mapping[str, object]) -> dict[str, int | str | None]:
    """Check raw answers against the definition: scale answers in range, text trimmed, extras refused."""
    unknown = set(answers) - {i.key for i in definition.items}
    if unknown:
        raise ValueError(f"Unknown questions: {', '.join(sorted(unknown))}.")
    cleaned: dict[str, int | str | None] = {}
    for item in definition.items:
        value = answers.get(item.key)
        if value is None or value == "":
            cleaned[item.key] = None
        elif item.kind == ItemKind.TEXT:
            cleaned[item.key] = str(value).strip() or None
        else:
            if isinstance(value, bool) or not isinstance(value, int | str) or not _is_whole(str(value)):
                raise ValueError(f"{item.text}: choose one of the points on the scale.")
            number = int(value)
            if not definition.scale.minimum <= number <= definition.scale.maximum:
                raise ValueError(
                    f"{item.text}: answers run from {definition.scale.minimum} to {definition.scale.maximum}."
                )
            cleaned[item.key] = number
    return cleaned


def band_for(bands: Sequence[Band], value: int) -> str:
    """The label of the band holding a (whole) answer."""
    for band in bands:
        if band.minimum <= value <= band.maximum:
            return band.label
    raise ValueError(f"{value} lies outside every band.")


def minimum_answered(items: int) -> int:
    """At least half of a dimension's items, rounded up, must be answered to score it."""
    return math.ceil(items / 2)


def score(definition: Definition, answers: Mapping[str, object]) -> list[DimensionScore]:
    """Score every dimension; a dimension without enough answers scores None."""
    results = []
    for dimension in definition.dimensions:
        members = definition.items_of(dimension.key)
        values: list[int] = []
        for item in members:
            raw = answers.get(item.key)
            if isinstance(raw, int) and not isinstance(raw, bool):
                values.append(definition.scale.reverse(raw) if item.reversed else raw)
        if definition.rule == Rule.BANDED:
            item = members[0]
            value = values[0] if values else None
            band = band_for(definition.bands[item.bands or ""], value) if value is not None else None
            results.append(DimensionScore(dimension.key, None if value is None else float(value), len(values), 1, band))
            continue
        scored = len(values) >= minimum_answered(len(members)) and bool(values)
        results.append(
            DimensionScore(
                dimension.key,
                round(sum(values) / len(values), 4) if scored else None,
                len(values),
                len(members),
            )
        )
    return results


def scores_by_dimension(definition: Definition, answers: Mapping[str, object]) -> dict[str, float | None]:
    return {s.dimension: s.value for s in score(definition, answers)}


# -- Change between rounds --------------------------------------------------------------------

# Two-sided 95% critical values of Student's t for 1–30 degrees of freedom.
_T975 = (
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
)
_Z975 = 1.959964


def t_critical(df: int) -> float:
    """The 97.5th percentile of t with `df` degrees of freedom (table to 30, Cornish–Fisher beyond)."""
    if df < 1:
        raise ValueError("At least one degree of freedom is needed.")
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    # Cornish–Fisher expansion: within 1e-4 of the exact value from 31 degrees of freedom on.
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


@dataclass(frozen=True)
class Change:
    """The mean of paired differences (after − before) with its 95% confidence interval."""

    n: int
    before: float
    after: float
    mean: float
    low: float | None
    high: float | None


def mean_change(pairs: Sequence[tuple[float, float]]) -> Change | None:
    """Summarise paired (before, after) scores; None when there are no pairs.

    The interval is mean ± t(0.975, n − 1) · s / √n, s the sample standard deviation of the
    differences; with a single pair there is no interval.
    """
    n = len(pairs)
    if n == 0:
        return None
    differences = [after - before for before, after in pairs]
    mean = sum(differences) / n
    before = sum(b for b, _ in pairs) / n
    after = sum(a for _, a in pairs) / n
    if n < 2:
        return Change(n, before, after, mean, None, None)
    variance = sum((d - mean) ** 2 for d in differences) / (n - 1)
    half_width = t_critical(n - 1) * math.sqrt(variance / n)
    return Change(n, before, after, mean, mean - half_width, mean + half_width)
