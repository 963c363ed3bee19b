"""Scoring, pinned by hand-computed tables (no database)."""

import ast
import math
from pathlib import Path

import pytest

from commonground.development import catalogue, scoring

SPECS = {spec["key"]: spec for spec in catalogue.BUILTIN}


def definition(key: str) -> scoring.Definition:
    return scoring.parse_definition(SPECS[key]["definition"])


BRS = definition(catalogue.RESILIENCE)
ONS4 = definition(catalogue.WELLBEING)
SELF = definition(catalogue.SELF_ASSESSMENT)


def test_the_scoring_module_imports_no_django() -> None:
    source = Path(scoring.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "math", "collections", "dataclasses", "enum", "typing"}, imported


@pytest.mark.parametrize("spec", catalogue.BUILTIN, ids=lambda s: s["key"])
def test_every_shipped_instrument_is_a_valid_definition(spec: dict[str, object]) -> None:
    parsed = scoring.parse_definition(spec["definition"])  # type: ignore[arg-type]
    assert scoring.parse_definition(scoring.definition_to_data(parsed)) == parsed


def test_the_brief_resilience_scale_reverses_items_2_4_and_6() -> None:
    assert [i.key for i in BRS.scale_items if i.reversed] == ["brs2", "brs4", "brs6"]
    assert (BRS.scale.minimum, BRS.scale.maximum) == (1, 5)


# Brief Resilience Scale: answers to items 1–6 → score. Reversed items count as 6 − answer;
# the score is the mean of answered items when at least 3 of the 6 are answered.
BRS_TABLE = [
    ((3, 3, 3, 3, 3, 3), 3.0),
    ((5, 1, 5, 1, 5, 1), 5.0),  # resilient on every item: 5,5,5,5,5,5
    ((1, 5, 1, 5, 1, 5), 1.0),
    ((5, 5, 5, 5, 5, 5), 3.0),  # 5,1,5,1,5,1 = 18 / 6
    ((4, 2, 4, 2, 4, 2), 4.0),
    ((1, 5, 2, 4, 3, 3), 2.0),  # 1,1,2,2,3,3 = 12 / 6
    ((4, 3, 5, 2, 4, 1), 4.1667),  # 4,3,5,4,4,5 = 25 / 6
    ((4, None, 4, None, None, 2), 4.0),  # three answered: 4,4,4
    ((5, 2, None, None, None, None), None),  # two of six answered: too few
    ((None,) * 6, None),
]


@pytest.mark.parametrize(("answers", "expected"), BRS_TABLE)
def test_brief_resilience_scale_scores(answers: tuple[int | None, ...], expected: float | None) -> None:
    [result] = scoring.score(BRS, {f"brs{n}": a for n, a in enumerate(answers, start=1)})
    assert result.value == expected
    assert result.answered == sum(a is not None for a in answers)


POSITIVE = ["Low"] * 5 + ["Medium"] * 2 + ["High"] * 2 + ["Very high"] * 2
ANXIETY = ["Very low"] * 2 + ["Low"] * 2 + ["Medium"] * 2 + ["High"] * 5


@pytest.mark.parametrize("answer", range(11))
def test_ons4_bands_each_question_on_its_own(answer: int) -> None:
    scores = {s.dimension: s for s in scoring.score(ONS4, dict.fromkeys(
        ["life_satisfaction", "worthwhile", "happiness", "anxiety"], answer))}
    for positive in ("life_satisfaction", "worthwhile", "happiness"):
        assert scores[positive].value == answer
        assert scores[positive].band == POSITIVE[answer]
    # Anxiety runs the other way and has its own bands: 0–1 very low … 6–10 high.
    assert scores["anxiety"].value == answer
    assert scores["anxiety"].band == ANXIETY[answer]


def test_ons4_is_never_summed_and_a_missing_answer_has_no_band() -> None:
    scores = scoring.score(ONS4, {"life_satisfaction": 8, "worthwhile": None, "happiness": 4, "anxiety": 6})
    assert [(s.dimension, s.value, s.band) for s in scores] == [
        ("life_satisfaction", 8.0, "High"),
        ("worthwhile", None, None),
        ("happiness", 4.0, "Low"),
        ("anxiety", 6.0, "High"),
    ]


# Self-assessment, "Shared purpose": items 1 and 2 as answered, item 3 reversed (6 − answer);
# a dimension of three items is scored when at least two are answered.
SHARED_PURPOSE_TABLE = [
    ((4, 5, 2), 4.3333),  # 4 + 5 + 4 = 13 / 3
    ((5, 5, 1), 5.0),
    ((2, 3, 5), 2.0),  # 2 + 3 + 1 = 6 / 3
    ((4, None, 1), 4.5),  # 4 + 5 = 9 / 2
    ((None, None, 1), None),  # one of three: too few
]


@pytest.mark.parametrize(("answers", "expected"), SHARED_PURPOSE_TABLE)
def test_self_assessment_scores_each_dimension_by_its_mean(answers: tuple[int | None, ...], expected: float | None) -> None:
    raw = {f"shared_purpose_{n}": a for n, a in enumerate(answers, start=1)}
    scores = scoring.scores_by_dimension(SELF, raw)
    assert scores["shared_purpose"] == expected
    assert scores["trust"] is None  # nothing answered there
    assert len(scores) == 6


@pytest.mark.parametrize(("items", "needed"), [(1, 1), (2, 1), (3, 2), (4, 2), (6, 3), (7, 4)])
def test_the_missing_answers_rule_needs_half_rounded_up(items: int, needed: int) -> None:
    assert scoring.minimum_answered(items) == needed


def test_answers_are_checked_against_the_scale() -> None:
    with pytest.raises(ValueError, match="answers run from 1 to 5"):
        scoring.clean_answers(BRS, {"brs1": 6})
    with pytest.raises(ValueError, match="Unknown questions: brs9"):
        scoring.clean_answers(BRS, {"brs9": 3})
    assert scoring.clean_answers(BRS, {"brs1": "4", "brs2": ""}) == {
        "brs1": 4, "brs2": None, "brs3": None, "brs4": None, "brs5": None, "brs6": None,
    }


@pytest.mark.parametrize("odd", ["²", "٣", "9" * 5000, "4.0", " 4", "--4"])
def test_an_answer_that_is_not_a_whole_number_in_plain_digits_is_refused_in_words(odd: str) -> None:
    with pytest.raises(ValueError, match="choose one of the points on the scale"):
        scoring.clean_answers(BRS, {"brs1": odd})


def _broken(**changes: object) -> dict[str, object]:
    data = scoring.definition_to_data(ONS4)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_broken(bands={"positive": [{"label": "Low", "min": 0, "max": 4}, {"label": "High", "min": 6, "max": 10}],
                        "anxiety": catalogue.ANXIETY_BANDS}), "without gaps or overlaps"),
        (_broken(rule="sum"), "Unknown scoring rule"),
        (_broken(scale={"min": 5, "max": 5}), "maximum must be above its minimum"),
        (_broken(items=[*scoring.definition_to_data(ONS4)["items"],  # type: ignore[list-item]
                        {"key": "extra", "text": "Another", "dimension": "anxiety", "bands": "anxiety"}]),
         "exactly one item"),
        (_broken(items=[{"key": "x", "text": "Q", "dimension": "nowhere"}]), "unknown dimension"),
    ],
)
def test_a_broken_definition_is_refused_with_reasons(data: dict[str, object], problem: str) -> None:
    with pytest.raises(scoring.DefinitionError) as caught:
        scoring.parse_definition(data)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.7062), (4, 2.7764), (9, 2.2622), (30, 2.0423), (31, 2.0395), (40, 2.0211), (60, 2.0003),
     (120, 1.9799), (1000, 1.9623)],
)
def test_t_critical_values(df: int, expected: float) -> None:
    assert scoring.t_critical(df) == pytest.approx(expected, abs=2e-4)


def test_mean_change_with_a_t_interval_by_hand() -> None:
    # Differences 1, 2, 1, 0, 1: mean 1, sample sd √0.5, se √0.5/√5 = 0.31623, t(4) = 2.7764.
    change = scoring.mean_change([(3, 4), (3, 5), (2, 3), (4, 4), (3, 4)])
    assert change is not None
    assert (change.n, change.before, change.after, change.mean) == (5, 3.0, 4.0, 1.0)
    half = 2.7764 * math.sqrt(0.5) / math.sqrt(5)
    assert change.low == pytest.approx(1 - half, abs=1e-4)
    assert change.high == pytest.approx(1 + half, abs=1e-4)
    assert round(change.low, 3) == 0.122 and round(change.high, 3) == 1.878


def test_mean_change_of_nothing_or_one_pair() -> None:
    assert scoring.mean_change([]) is None
    single = scoring.mean_change([(2.0, 3.5)])
    assert single is not None and single.mean == 1.5 and single.low is None
