"""Challenge teams: 100 interested people over 8 issues, preference-only against ours.

The instance is drawn like the demo's cohorts: half the people from the NHS (one large acute
trust sends the most), a quarter from the councils, a fifth from the voluntary, community and
faith sector; each person ranks 3 to 5 of the 8 issues, skewed towards a few popular ones.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commonground.grouping.engine.teams import (  # noqa: E402
    Member,
    TeamProblem,
    TeamSolution,
    TeamSpec,
    form_teams,
    preference_only,
)

# (organisation, sector, relative number of participants it sends)
ORGANISATIONS: list[tuple[str, str, int]] = [
    ("Acute trust", "nhs_acute", 20),
    ("Community health trust", "community_health", 8),
    ("Mental health trust", "mental_health", 8),
    ("Primary care network north", "primary_care", 4),
    ("Primary care network south", "primary_care", 3),
    ("Primary care network east", "primary_care", 3),
    ("Ambulance service", "ambulance", 4),
    ("County council adult social care", "adult_social_care", 8),
    ("County council children's services", "childrens_services", 5),
    ("County council public health", "public_health", 2),
    ("Borough council", "district_council", 4),
    ("District council", "district_council", 3),
    ("Housing association", "housing", 3),
    ("Community action network", "voluntary_community", 6),
    ("Carers' support charity", "voluntary_community", 4),
    ("Older people's charity", "voluntary_community", 3),
    ("Youth charity", "voluntary_community", 2),
    ("Churches together", "faith", 3),
    ("Mosque and community centre", "faith", 2),
    ("Police", "police", 2),
    ("Fire and rescue", "fire", 1),
    ("Further education college", "education", 2),
]
ISSUES = 8
POPULARITY = [30, 22, 14, 10, 8, 7, 5, 4]  # a few popular issues, a long tail


def instance(
    people: int = 100, issues: int = ISSUES, *, seed: int = 7, min_size: int = 8, max_size: int = 15
) -> TeamProblem:
    """A realistic team-formation problem (deterministic per seed)."""
    rng = random.Random(seed)
    keys = [f"issue-{k + 1}" for k in range(issues)]
    weights = (POPULARITY * (issues // len(POPULARITY) + 1))[:issues]
    members = []
    for i in range(people):
        name, sector, _ = rng.choices(ORGANISATIONS, weights=[w for _, _, w in ORGANISATIONS])[0]
        ranked: list[str] = []
        wanted = rng.randint(3, 5)
        while len(ranked) < wanted:
            key = rng.choices(keys, weights=weights)[0]
            if key not in ranked:
                ranked.append(key)
        members.append(Member(f"p{i}", name, sector, tuple(ranked)))
    return TeamProblem(
        people=tuple(members),
        teams=tuple(TeamSpec(k, min_size, max_size) for k in keys),
    )


def _row(case: str, solution: TeamSolution) -> dict[str, Any]:
    return {
        "bench": "teams",
        "case": case,
        "people": solution.people,
        "teams": len(solution.teams),
        "1st %": round(100 * solution.first_share, 1),
        "1st or 2nd %": round(100 * solution.top_two_share, 1),
        "same-org pairs": solution.same_organisation_pairs,
        "same-sector pairs": solution.same_sector_pairs,
        "preference cost": solution.preference_cost,
        "seconds": round(solution.seconds, 3),
    }


def run() -> list[dict[str, Any]]:
    rows = []
    for seed in (7, 11, 23):
        problem = instance(seed=seed)
        rows.append(_row(f"seed {seed}: preference only", preference_only(problem)))
        rows.append(
            _row(f"seed {seed}: ours (mixing)", form_teams(problem, time_limit=5.0, seed=1))
        )
    return rows


if __name__ == "__main__":
    from run import print_table

    print_table(run())
