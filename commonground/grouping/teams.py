"""Mixed challenge teams for the apps above grouping: plain ids in, plain ids out.

An app that forms one team per issue from people's ranked interest describes each interested
person as a ``Candidate`` and each team by a key (an issue id); ``form_mixed_teams`` hands that to
the grouping engine and gives back who goes where, with each team's explanation line and the
figures of the whole answer. Nothing here knows about the app that asks.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from commonground.grouping.engine.teams import (
    Member,
    TeamProblem,
    TeamsError,
    TeamSpec,
    form_teams,
)


class TeamFormationError(ValueError):
    """The teams cannot be formed as asked; the message says why, in words."""


@dataclass(frozen=True)
class Candidate:
    """One interested person: ``ranking`` lists team keys, 1st choice first."""

    person_id: int
    organisation_id: int | None
    sector: str
    ranking: tuple[int, ...]


@dataclass(frozen=True)
class FormedTeams:
    assignment: dict[int, int]  # person id -> team key
    ranks: dict[int, int | None]  # person id -> the rank of the team they got (None: not ranked)
    explanations: dict[int, str]  # team key -> its explanation line
    people: int
    first_share: float
    top_two_share: float
    same_organisation_pairs: int
    same_sector_pairs: int
    seconds: float


def form_mixed_teams(
    *,
    candidates: Sequence[Candidate],
    team_keys: Sequence[int],
    min_size: int,
    max_size: int,
    time_limit: float,
    seed: int = 1,
    max_iterations: int | None = None,
) -> FormedTeams:
    """One team per key, each within the size bounds, honouring rankings first and mixing organisations and sectors."""
    problem = TeamProblem(
        people=tuple(
            Member(
                str(c.person_id),
                f"o{c.organisation_id}" if c.organisation_id else "",
                c.sector,
                tuple(str(key) for key in c.ranking),
            )
            for c in candidates
        ),
        teams=tuple(TeamSpec(str(key), min_size, max_size) for key in team_keys),
    )
    try:
        solution = form_teams(
            problem, time_limit=time_limit, seed=seed, max_iterations=max_iterations
        )
    except TeamsError as exc:
        raise TeamFormationError(str(exc)) from exc
    return FormedTeams(
        assignment={int(pid): int(key) for pid, key in solution.assignment.items()},
        ranks={int(pid): rank for pid, rank in solution.ranks.items()},
        explanations={int(t.key): t.explanation for t in solution.teams},
        people=solution.people,
        first_share=solution.first_share,
        top_two_share=solution.top_two_share,
        same_organisation_pairs=solution.same_organisation_pairs,
        same_sector_pairs=solution.same_sector_pairs,
        seconds=solution.seconds,
    )
