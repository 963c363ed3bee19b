"""Why a mentee and a mentor were matched, criterion by criterion, in words both can read.

PURE: plain values in, a list of criteria out. Each criterion is ``{"ok": bool, "text": str}``:
``ok`` says whether the match meets what the rules and weights ask for on that point.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Side:
    organisation: str = ""
    team: str = ""
    sector_family: str = ""  # the family's words, "NHS" or "Voluntary, community and faith"
    place: str = ""


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def explain(
    mentee: Side,
    mentor: Side,
    *,
    rank: int | None,
    wants_same_place: bool,
    apart_organisation: bool,
    apart_team: bool,
    apart_line_management: bool,
    priority: bool,
) -> list[dict[str, object]]:
    """The criteria of one match, hard rules first, then the soft criteria."""
    out: list[dict[str, object]] = []
    if apart_organisation:
        out.append({"ok": True, "text": "different organisation"})
    elif mentee.organisation and mentee.organisation == mentor.organisation:
        out.append({"ok": False, "text": f"same organisation: {mentee.organisation}"})
    if apart_team and mentee.team and mentor.team:
        out.append({"ok": True, "text": "different team"})
    if apart_line_management:
        out.append({"ok": True, "text": "no line-management link"})
    if mentee.sector_family and mentor.sector_family:
        if mentee.sector_family != mentor.sector_family:
            out.append({"ok": True, "text": f"different sector ({mentee.sector_family} / {mentor.sector_family})"})
        else:
            out.append({"ok": False, "text": f"same sector ({mentee.sector_family}): no free mentor from another fitted better"})
    if wants_same_place:
        if mentee.place and mentee.place == mentor.place:
            out.append({"ok": True, "text": f"same place: {mentee.place}"})
        else:
            out.append({"ok": False, "text": "another place, though the same place was asked for"})
    if rank is not None:
        out.append({"ok": rank == 1, "text": f"the mentee's {ordinal(rank)} choice"})
    else:
        out.append({"ok": False, "text": "not among the mentee's ranked choices"})
    if priority:
        out.append({"ok": True, "text": "first in line for a rematch after a match ended early"})
    return out


def rank_words(rank: int | None, *, mine: bool) -> str:
    """The rank as the mentee ("your 2nd choice") or anyone else ("their 2nd choice") reads it."""
    if rank is None:
        return "not among your ranked choices" if mine else "not among their ranked choices"
    return f"{'your' if mine else 'their'} {ordinal(rank)} choice"
