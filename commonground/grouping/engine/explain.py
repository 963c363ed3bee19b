"""Plain-language lines: one group, and why a search stopped."""

from __future__ import annotations

from collections.abc import Mapping


def plural(word: str, count: int) -> str:
    """'1 sector', '6 sectors', '2 specialties'."""
    if count == 1:
        return f"1 {word}"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{count} {word[:-1]}ies"
    if word.endswith("s"):
        return f"{count} {word}"
    return f"{count} {word}s"


def describe_group(
    size: int,
    mix: Mapping[str, tuple[int, int]],
    match: Mapping[str, int],
    known_pairs: int,
    repeat_pairs: int | None,
) -> str:
    """E.g. '10 people: 9 organisations, 6 sectors, nobody from the same team, 1 pair who
    already knew each other'. ``mix`` maps attribute -> (distinct values, same-value pairs)."""
    parts: list[str] = []
    for attr, (distinct, pairs) in mix.items():
        if pairs == 0 and size > 1:
            parts.append(f"nobody from the same {attr}")
        else:
            parts.append(plural(attr, distinct))
    for attr, distinct in match.items():
        parts.append("all one " + attr if distinct == 1 else plural(attr, distinct))
    if known_pairs == 0:
        parts.append("nobody who already knew each other")
    elif known_pairs == 1:
        parts.append("1 pair who already knew each other")
    else:
        parts.append(f"{known_pairs} pairs who already knew each other")
    if repeat_pairs is not None:
        if repeat_pairs == 0:
            parts.append("no one meeting again")
        elif repeat_pairs == 1:
            parts.append("1 pair meeting again")
        else:
            parts.append(f"{repeat_pairs} pairs meeting again")
    return f"{plural('person', size) if size == 1 else str(size) + ' people'}: " + ", ".join(parts)


STOP_BOUND = "bound"
"""Why a search stopped: its best value reached the proven bound (nothing better exists)."""
STOP_TIME = "time limit"
"""Why a search stopped: its time ran out."""
STOP_ITERATIONS = "iteration limit"
"""Why a search stopped: it ran the iterations it was allowed."""
STOP_NOTHING_TO_MOVE = "nothing to move"
"""Why a search stopped: everyone is locked or held together, so no move exists."""


def stop_line(stopped: str, gap: float) -> str:
    """One sentence for a report: why the search stopped and what the gap proves."""
    if gap == 0.0:
        if stopped == STOP_BOUND:
            return (
                "Stopped at the proven optimum: the penalty equals the lower bound (gap 0), "
                "so no grouping can do better."
            )
        return "Proven optimum: the penalty equals the lower bound (gap 0)."
    if stopped == STOP_ITERATIONS:
        why = "Stopped after the iterations allowed"
    elif stopped == STOP_NOTHING_TO_MOVE:
        why = "Nothing could move (everyone is locked or held together)"
    elif stopped == STOP_TIME:
        why = "Stopped at the time limit"
    else:
        why = "Not searched"
    return f"{why}; the penalty is {gap:.1%} above the lower bound, so a better grouping may exist."
