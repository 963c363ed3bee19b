"""Equality monitoring as published: one protected table, linked to the participant figures.

Cells: the participants who answered (at most the programme's participants, a published figure
of `programmes.figures.reach`), and for each question one cell per answer, "Prefer not to say"
and "Not answered" included, whose sum is the people who answered. `core.disclosure` hides every
count from 1 to 4 and enough others that no hidden count can be narrowed below 5 values by
subtraction, whether from this table's totals or from the participant figures it is linked to.
A share is shown only beside a shown count and its shown total.

Only current participants' answers count (someone who left the programme is no longer in the
participant figures it is compared with). One grouped query, whatever the programme's size.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from commonground.core.disclosure import HIDDEN_LABEL, Publication
from commonground.core.publishing import LinkedTable
from commonground.development.equality import QUESTIONS, Question
from commonground.development.models import EqualityAnswers
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Membership, Programme

SUPPRESSED = HIDDEN_LABEL
ANSWERED = "equality.answered"
NOT_ANSWERED = ""  # an empty field: the question was skipped


def answer_cell(question: str, value: str) -> str:
    return f"equality.{question}.{value or 'none'}"


@dataclass(frozen=True)
class AnswerRow:
    label: str
    count: int | None
    share: int | None  # per cent of the people who answered, when both are shown

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class QuestionTable:
    question: Question
    rows: list[AnswerRow]


@dataclass(frozen=True)
class EqualityFigures:
    publication: Publication = field(repr=False)
    participants: int | None
    answered: int | None
    tables: list[QuestionTable]

    @property
    def response_rate(self) -> int | None:
        if self.answered is None or not self.participants:
            return None
        return round(100 * self.answered / self.participants)


def equality_figures(programme: Programme) -> EqualityFigures:
    """Counts per answer of each equality question, protected together with the participant figures."""
    reach = programme_figures.reach(programme)
    participants = Membership.objects.participants().filter(programme=programme).values("person_id")
    fields = [q.field for q in QUESTIONS]
    combos = list(
        EqualityAnswers.objects.filter(programme=programme, person__in=participants)
        .values_list(*fields)
        .annotate(n=Count("pk"))
        .order_by()
    )
    table = LinkedTable(reach.publication)
    answered = table.cell(ANSWERED, sum(combo[-1] for combo in combos))
    table.at_most(answered, programme_figures.TOTAL)
    for index, question in enumerate(QUESTIONS):
        values = [*question.choices.values, NOT_ANSWERED]
        for value in values:
            table.cell(answer_cell(question.field, value), sum(c[-1] for c in combos if c[index] == value))
        table.sum(answered, [answer_cell(question.field, value) for value in values])
    published = table.protect()

    total = published.value(ANSWERED)

    def row(label: str, key: str) -> AnswerRow:
        count = published.value(key)
        share = round(100 * count / total) if count is not None and total else None
        return AnswerRow(label, count, share)

    return EqualityFigures(
        publication=published,
        participants=reach.total,
        answered=total,
        tables=[
            QuestionTable(
                question,
                [row(str(label), answer_cell(question.field, str(value))) for value, label in question.choices.choices]
                + [row("Not answered", answer_cell(question.field, NOT_ANSWERED))],
            )
            for question in QUESTIONS
        ],
    )
