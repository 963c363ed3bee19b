"""The programme menu: every page a person's roles give them, each role's most used first.

The NHS.UK header shows as many entries as fit the bar and moves the rest into "More", so the
order decides what is one tap away. Home comes first for everyone; a person with several roles
gets each role's entries in the order of the roles (lead, facilitator, participant, sponsor,
funder), each entry once.
"""

from dataclasses import dataclass

from django.urls import reverse

from commonground.alumni.queries import is_alumnus_in
from commonground.programmes.permissions import ProgrammeAccess


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str
    current: str = ""  # the aria-current value: "page" for this page, "true" for a page under it


LABELS = {
    "home": ("Home", "homes:home"),
    "overview": ("Overview", "programmes:overview"),
    "applications": ("Applications", "recruitment:review"),
    "cohorts": ("Cohorts", "programmes:cohort-list"),
    "attendance": ("Attendance", "schedule:attendance"),
    "schedule": ("Schedule", "schedule:schedule"),
    "evaluation": ("Evaluation", "development:evaluation"),
    "reports": ("Reports", "reporting:packs"),
    "relationships": ("Relationships", "network:figures"),
    "issues": ("Local issues", "codesign:issue-list"),
    "showcase": ("Showcase", "codesign:showcase"),
    "sponsors": ("Sponsors", "programmes:sponsors"),
    "ledger": ("Funding ledger", "programmes:ledger"),
    "organisations": ("Organisations", "programmes:organisation-list"),
    "intakes": ("Next intake", "blueprints:save"),
    "my-set": ("My learning set", "grouping:my-set"),
    "progress": ("My progress", "development:progress"),
    "my-network": ("My network", "network:mine"),
    "survey": ("Relationship survey", "network:home"),
    "nominate": ("Nominate", "recruitment:nominate"),
    "mentoring": ("Mentoring", "mentoring:coordinator"),
    "my-mentoring": ("My mentoring", "mentoring:mine"),
}

LEAD: tuple[str, ...] = (
    "home", "overview", "applications", "cohorts", "attendance", "schedule", "evaluation", "reports",
    "relationships", "issues", "mentoring", "sponsors", "ledger", "organisations", "intakes",
)
FACILITATOR: tuple[str, ...] = ("home", "attendance", "schedule", "my-set", "issues", "cohorts", "overview", "organisations")
PARTICIPANT: tuple[str, ...] = (
    "home", "schedule", "my-set", "issues", "progress", "my-mentoring", "my-network", "survey", "cohorts", "overview",
    "organisations",
)
SPONSOR: tuple[str, ...] = ("home", "nominate", "cohorts", "schedule", "overview", "showcase", "organisations")
FUNDER: tuple[str, ...] = ("home", "overview", "reports", "evaluation", "relationships", "showcase", "schedule", "organisations")
ANYONE: tuple[str, ...] = ("home", "overview", "schedule", "showcase", "organisations")  # a role with no pages of its own


def entry_keys(access: ProgrammeAccess) -> list[str]:
    """The menu's entries for this person, in order, each once."""
    lists = [
        keys
        for holds, keys in (
            (access.is_lead, LEAD),
            (access.is_facilitator, FACILITATOR),
            (access.is_participant, PARTICIPANT),
            (access.is_sponsor, SPONSOR),
            (access.is_funder, FUNDER),
        )
        if holds
    ] or [ANYONE]
    keys = list(dict.fromkeys(key for chosen in lists for key in chosen))
    # Local issues for the people who take part in them; the showcase of what they changed for everyone else.
    return [key for key in keys if key != ("showcase" if access.is_staff or access.is_participant else "issues")]


def menu(access: ProgrammeAccess, path: str) -> list[MenuEntry]:
    """The entries with their addresses; the one for this page (or the page it is under) marked current."""
    pid = access.programme.pk
    entries = []
    for key in entry_keys(access):
        label, name = LABELS[key]
        if key == "my-set" and not access.is_participant:
            label = "Sets I look after"
        entries.append(MenuEntry(label, reverse(name, args=[pid])))
    # Alumni of the system (who completed one of its programmes) reach their network from any of them.
    if access.is_participant and is_alumnus_in(access.person, access.programme.system_id):
        entries.append(MenuEntry("Alumni", reverse("alumni:home")))
    # A lead sees the programme beside the system's other places and programmes.
    if access.is_lead:
        entries.append(MenuEntry("System view", reverse("reporting:system", args=[access.programme.system_id])))
    exact = next((e.url for e in entries if e.url == path), None)
    # The deepest entry a page sits under (the overview's address is every page's prefix: never "under" it).
    overview = reverse("programmes:overview", args=[pid])
    under = max((e.url for e in entries if e.url != overview and path.startswith(e.url)), key=len, default=None)
    return [
        MenuEntry(e.label, e.url, "page" if e.url == exact else "true" if exact is None and e.url == under else "")
        for e in entries
    ]
