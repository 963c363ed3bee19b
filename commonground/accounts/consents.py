"""What people consent to, and the exact wording shown for each purpose, version by version.

Every consent the product asks for is one `Purpose`. Each time the statement a person agrees to
changes, a new `Wording` is added here with a new version key and the purpose's `CURRENT` entry
moves to it; an old text is never edited, because ledger rows (`accounts.ConsentRecord`) name the
version they were given under, and the person's consents page and their subject-access download
show that version's text.

The product asks for consent in five places, so five purposes exist: being listed in the
relationship survey, being named on its maps (a separate choice on the same form), the health-data
questions, equality monitoring, and sharing development hours with HR records (the API's export). There is no people directory and no optional mail (every mail
the product sends is part of running the programme), so neither has a purpose yet; add one with
its wording when such a feature arrives.

`*-before-records` versions stand for consents given before the ledger existed: the data
migration that created their rows could not know which words were on screen then.
"""

from dataclasses import dataclass

from django.db import models


class Purpose(models.TextChoices):
    ROSTER = "roster", "Listed in the relationship survey"
    NAMED_ON_MAPS = "named_on_maps", "Named on the programme's relationship maps"
    HEALTH_DATA = "health_data", "Resilience and wellbeing questions (health data)"
    EQUALITY = "equality", "Equality monitoring questions"
    HR_RECORDS = "hr_records", "Development hours shared with HR records"


@dataclass(frozen=True)
class Wording:
    version: str
    purpose: Purpose
    text: str


_BEFORE = (
    "Given before Common Ground kept dated consent records, so the exact words shown then were not kept."
)

WORDINGS: dict[str, Wording] = {
    w.version: w
    for w in (
        Wording("roster-before-records", Purpose.ROSTER, _BEFORE),
        Wording(
            "roster-2026-1", Purpose.ROSTER,
            "Yes, list me: colleagues can mark that they know me, and I can answer the survey",
        ),
        Wording("named_on_maps-before-records", Purpose.NAMED_ON_MAPS, _BEFORE),
        Wording(
            "named_on_maps-2026-1", Purpose.NAMED_ON_MAPS,
            "Show my name on programme maps (otherwise I am an anonymous dot)",
        ),
        Wording(
            "health_data-before-records", Purpose.HEALTH_DATA,
            f"{_BEFORE} The statement agreed to is kept with the consent to the wellbeing questions.",
        ),
        Wording(
            "health_data-2026-1", Purpose.HEALTH_DATA,
            "I agree that Common Ground may store my answers to the resilience and wellbeing questions, "
            "which are health data. Only I can see my own answers. Programme leads and funders see only "
            "figures from 5 or more people. I can withdraw at any time, and withdrawing deletes these answers.",
        ),
        Wording(
            "equality-2026-1", Purpose.EQUALITY,
            "I agree that Common Ground may store my answers to the equality monitoring questions (ethnic "
            "group, disability, sex and age band) for this programme. Some of them are special category "
            "data. Only I can see my own answers. The programme's leads see only counts from 5 or more "
            "people, to check whether the programme reaches everyone. Every question can be answered "
            "\"Prefer not to say\". I can withdraw at any time, and withdrawing deletes my answers.",
        ),
        Wording(
            "hr_records-2026-1", Purpose.HR_RECORDS,
            "I agree that this programme's leads may send my name, email address and completed development "
            "hours (the sessions I attended) to my employer's HR records, through Common Ground's API. "
            "I can withdraw at any time; what was sent before stays in those records.",
        ),
    )
}

CURRENT: dict[Purpose, str] = {
    Purpose.ROSTER: "roster-2026-1",
    Purpose.NAMED_ON_MAPS: "named_on_maps-2026-1",
    Purpose.HEALTH_DATA: "health_data-2026-1",
    Purpose.EQUALITY: "equality-2026-1",
    Purpose.HR_RECORDS: "hr_records-2026-1",
}


def current(purpose: Purpose | str) -> Wording:
    """The wording shown today for a purpose."""
    return WORDINGS[CURRENT[Purpose(purpose)]]


def wording(version: str) -> Wording | None:
    """The wording of a version, or None for a version this code does not know."""
    return WORDINGS.get(version)
