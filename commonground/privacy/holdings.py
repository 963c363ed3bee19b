"""Every kind of row that holds a person, declared once.

Each relation from a table to `Person` is a `Holding`: what it is to the person, and whether a
subject-access export includes it (and if not, why). `undeclared()` compares this list with the
relations Django knows, so a new table that points at a person cannot be forgotten: a test fails
until it is declared here.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import ForeignObjectRel, Model

from commonground.accounts.models import Person


@dataclass(frozen=True)
class Holding:
    model: str  # app_label.ModelName
    via: str  # the field that points at the person
    title: str  # what it is, said to the person
    included: bool = True
    reason: str = ""  # why a subject-access export leaves it out


HOLDINGS: list[Holding] = [
    Holding("programmes.Membership", "person", "Your roles in programmes"),
    Holding("programmes.Affiliation", "person", "Where you work, in each system"),
    Holding("programmes.SystemAdmin", "person", "Systems you administer"),
    Holding("account.EmailAddress", "user", "Email addresses your organisation's sign-in confirmed"),
    Holding("socialaccount.SocialAccount", "user", "Your links to your organisation's sign-in, with what it said about you"),
    Holding(
        "mfa.Authenticator", "user", "Your second factor (authenticator app, passkeys, recovery codes)",
        included=False,
        reason="An app's key and the recovery codes are secrets that would let anyone holding the download "
        "sign in as you, and a passkey's stored part is only useful to the sign-in check; your sign-in "
        "security page shows what you have, with each passkey's name and when it was added and last used.",
    ),
    Holding("programmes.OrganisationChange", "person", "Your requests to change organisation"),
    Holding("programmes.OrganisationChange", "decided_by", "Requests to change organisation you decided"),
    Holding("network.RosterConsent", "person", "Your choices about the relationship roster and maps"),
    Holding("network.TieReport", "reporter", "Marks you made in the relationship survey"),
    Holding(
        "network.TieReport", "colleague", "Marks others made about you", included=False,
        reason="They are the other person's answers; they are shown to nobody and only counted in figures.",
    ),
    Holding("network.Encounter", "person_a", "People you met in sets, tables and teams"),
    Holding("network.Encounter", "person_b", "People you met in sets, tables and teams"),
    Holding("development.Response", "person", "Your answers to self-assessments and check-ins"),
    Holding("development.HealthDataConsent", "person", "Your consent to wellbeing questions"),
    Holding("development.EqualityAnswers", "person", "Your equality monitoring answers"),
    Holding("development.RoundNotice", "person", "Reminders sent to you about self-assessments"),
    Holding("development.Goal", "person", "Your development goals"),
    Holding("development.JournalEntry", "person", "Your journal"),
    Holding("recruitment.Application", "person", "Your applications"),
    Holding("recruitment.Application", "nominated_by", "Applications you nominated someone for"),
    Holding("recruitment.Nomination", "sponsor", "Nominations you made"),
    Holding("recruitment.Decision", "by", "Decisions you made on applications"),
    Holding("grouping.GroupingRun", "requested_by", "Learning set runs you started"),
    Holding("reporting.ReportPack", "made_by", "Report packs you made for funders and boards"),
    Holding("reporting.ReportPack", "signed_off_by", "Report packs you signed off"),
    Holding("grouping.LearningSet", "facilitator", "Learning sets you facilitate"),
    Holding("grouping.LearningSetMember", "person", "Your learning sets"),
    Holding("grouping.KeepApart", "person_a", "Pairs kept apart in learning sets that include you"),
    Holding("grouping.KeepApart", "person_b", "Pairs kept apart in learning sets that include you"),
    Holding("schedule.Module", "facilitators", "Modules you facilitate"),
    Holding("schedule.Session", "facilitators", "Sessions you facilitate"),
    Holding("schedule.Invitation", "person", "Your invitations and replies"),
    Holding("schedule.Attendance", "person", "Your attendance"),
    Holding("schedule.Attendance", "marked_by", "Attendance you marked"),
    Holding("schedule.CalendarFeed", "person", "Your calendar feed"),
    Holding("schedule.SentNotice", "person", "Session notices sent to you"),
    Holding("schedule.Seat", "person", "Your seats in table plans"),
    Holding("codesign.Issue", "proposed_by", "Local issues you proposed"),
    Holding("codesign.StateChange", "actor", "Changes you made to local issues"),
    Holding("codesign.Support", "person", "Local issues you support"),
    Holding("codesign.Comment", "author", "Your comments"),
    Holding("codesign.Comment", "hidden_by", "Comments you hid"),
    Holding("codesign.Interest", "person", "Your interest in local issues"),
    Holding("codesign.Formation", "formed_by", "Challenge teams you formed"),
    Holding("codesign.TeamMember", "person", "Your challenge teams"),
    Holding("codesign.Milestone", "owner", "Milestones you own"),
    Holding("codesign.TeamUpdate", "author", "Team updates you wrote"),
    Holding("codesign.TeamDocument", "added_by", "Team documents you added"),
    Holding("codesign.Outcome", "recorded_by", "Outcomes you recorded"),
    Holding("mentoring.MentorOffer", "person", "Your offers to mentor or be a buddy"),
    Holding("mentoring.Preference", "mentee", "Your ranked choice of mentors"),
    Holding("mentoring.Wish", "mentee", "What you asked of a mentoring match"),
    Holding("mentoring.LineManagement", "manager", "Who you manage, as imported for mentor matching"),
    Holding("mentoring.LineManagement", "report", "Who manages you, as imported for mentor matching"),
    Holding("mentoring.MatchRun", "started_by", "Mentor matching runs you started"),
    Holding("mentoring.Match", "mentee", "Your mentoring matches as a mentee"),
    Holding("mentoring.Match", "mentor", "Your mentoring matches as a mentor"),
    Holding("mentoring.Match", "approved_by", "Mentoring matches you approved"),
    Holding("mentoring.Match", "declined_by", "Mentoring matches you declined"),
    Holding("mentoring.Match", "ended_by", "Mentoring matches you ended"),
    Holding("mentoring.Meeting", "recorded_by", "Mentoring meetings you recorded"),
    Holding("mentoring.BuddyPairing", "made_by", "Buddy pairings you made"),
    Holding("mentoring.Buddy", "person", "Your buddies"),
    Holding("alumni.Alumnus", "person", "Programmes you completed, as their alumni"),
    Holding("alumni.DirectoryEntry", "person", "Your alumni directory entries: what each field shows and to whom"),
    Holding("accounts.ConsentRecord", "person", "Your consents, dated, with the version of the wording shown"),
    Holding("api.ApiToken", "person", "Your API tokens: name, programme, scope and dates (never the token itself)"),
    Holding("api.WebhookEndpoint", "created_by", "Webhook addresses you added for a programme"),
    Holding("admin.LogEntry", "user", "Changes you made in the site administration"),
    Holding("blueprints.Deferral", "person", "Your deferrals to a programme's next intake, with the reason given"),
    Holding("blueprints.Deferral", "by", "Deferrals to a next intake you made for participants"),
    Holding("blueprints.ProgrammeTemplate", "created_by", "Programme templates you saved"),
    Holding("blueprints.Intake", "started_by", "Intakes you started from a programme template"),
    Holding(
        "privacy.Pseudonym", "person", "Pseudonyms", included=False,
        reason="A pseudonym stands in for someone after a retention period, and nothing records whom.",
    ),
    Holding(
        "accounts.Person_groups", "person", "Permission groups", included=False,
        reason="Site administration permissions, not personal data about the person's work.",
    ),
    Holding(
        "accounts.Person_user_permissions", "person", "Permissions", included=False,
        reason="Site administration permissions, not personal data about the person's work.",
    ),
    Holding(
        "schedule.Module_facilitators", "person", "Modules you facilitate", included=False,
        reason="The same as the modules row above, through its link table.",
    ),
    Holding(
        "schedule.Session_facilitators", "person", "Sessions you facilitate", included=False,
        reason="The same as the sessions row above, through its link table.",
    ),
]

# Field names that hold secrets (sign-in and calendar links, digests): never exported.
SECRET_PARTS = ("password", "token", "digest", "secret", "sealed")


def relations() -> set[tuple[str, str]]:
    """Every (model, field) Django knows that points at a person."""
    found = set()
    for rel in Person._meta.get_fields(include_hidden=True):
        if isinstance(rel, ForeignObjectRel) and rel.related_model is not None:
            found.add((rel.related_model._meta.label, rel.field.name))
    return found


def undeclared() -> set[tuple[str, str]]:
    """Relations to a person that `HOLDINGS` does not declare (should be none)."""
    return relations() - {(h.model, h.via) for h in HOLDINGS}


def model_of(holding: Holding) -> type[Model]:
    return apps.get_model(holding.model)


def is_secret(field_name: str) -> bool:
    return any(part in field_name for part in SECRET_PARTS)
