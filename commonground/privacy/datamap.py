"""The data map: every kind of personal data Common Ground holds, why, on what basis, who sees it
and how long it is kept, for a privacy notice, a DPIA and the NHS DSPT and DTAC questions.

Each kind names the tables that hold it; a test checks that every table `holdings.py` finds
pointing at a person belongs to exactly one kind, so the map cannot fall behind the code.
"""

from dataclasses import dataclass

from commonground.privacy.models import DEFAULT_MONTHS, RetentionKind

PUBLIC_TASK = "UK GDPR Art. 6(1)(e): a task in the public interest (running the system's programme)"
LEGITIMATE = "UK GDPR Art. 6(1)(f): legitimate interests of the programme, balanced against the person's"
UNTIL_ERASED = "Until the person is erased"
HEALTH_CONSENT = "Art. 6(1)(e) with Art. 9(2)(a): the person's explicit consent, asked for separately"
PER_PROGRAMME = "each programme may set its own period"


def in_words(months: int) -> str:
    """A period in words: "1 month", "18 months", "6 years"."""
    if months % 12 == 0 and months > 12:
        return f"{months // 12} years"
    return f"{months} month{'' if months == 1 else 's'}"


def period(kind: str) -> str:
    """A kind's default retention period in words (`privacy/retention/` enforces it)."""
    return in_words(DEFAULT_MONTHS[kind])


def after_end(kind: str, verb: str) -> str:
    return f"{verb} {period(kind)} after the programme ends ({PER_PROGRAMME})"


@dataclass(frozen=True)
class Kind:
    title: str
    what: str
    purpose: str
    basis: str
    seen_by: str
    kept: str
    models: tuple[str, ...]
    special: bool = False  # special category data
    special_what: str = "health"  # which special category, when special


KINDS: list[Kind] = [
    Kind(
        "Profile", "Name, email address, job title, profession, seniority band",
        "Signing in; running the programme; mixing learning sets across professions and seniority",
        PUBLIC_TASK, "The person; staff of their programmes; cohort-mates see name, organisation and role",
        f"{UNTIL_ERASED}; an applicant's account is erased when their last application not accepted is deleted "
        "and nothing else is held about them",
        ("accounts.Person",),
    ),
    Kind(
        "Access needs", "What would help the person take part (access, hearing loop, diet, timing)",
        "Making sessions accessible", HEALTH_CONSENT,
        "The person, their programme's leads and facilitators; never in exports; every view is audited",
        UNTIL_ERASED, ("accounts.Person.accessibility_needs",), special=True,
    ),
    Kind(
        "Where they work", "Organisation, team and place of work, per system; requests to change them",
        "Mixing sets across organisations and sectors; figures by sector and place", PUBLIC_TASK,
        "The person; staff; cohort-mates; a sponsor for their own organisation's people",
        UNTIL_ERASED, ("programmes.Affiliation", "programmes.OrganisationChange"),
    ),
    Kind(
        "Roles", "Which programmes and cohorts they belong to, and in what role",
        "Deciding what each person may see and do", PUBLIC_TASK, "The person; staff of the programme",
        UNTIL_ERASED,
        ("programmes.Membership", "programmes.SystemAdmin", "accounts.Person_groups", "accounts.Person_user_permissions"),
    ),
    Kind(
        "Sign-in", "Links to the person's account at their organisation's sign-in (its id for them and "
        "the name and address it sent), addresses it confirmed, their second factor (an app's sealed key, "
        "passkeys' public keys with the names given them, and recovery codes)",
        "Signing in safely; linking an organisation's sign-in to the right person", PUBLIC_TASK,
        "The person; nobody else (the site administration does not show them)",
        "Until the person is erased, or the provider or second factor is removed",
        ("socialaccount.SocialAccount", "account.EmailAddress", "mfa.Authenticator"),
    ),
    Kind(
        "Applications", "Applications, nominations, sponsor support, decisions and offers",
        "Recruiting a fair, mixed cohort", PUBLIC_TASK,
        "The applicant; the programme's leads; their named sponsor sees that they applied",
        f"Not accepted: deleted {period(RetentionKind.APPLICATIONS)} after the last decision on them, with their "
        f"nominations and decisions ({PER_PROGRAMME}), and the applicant's account when nothing else is held "
        "about them; accepted: until the person is erased",
        ("recruitment.Application", "recruitment.Nomination", "recruitment.Decision"),
    ),
    Kind(
        "Learning sets", "Which set they are in, pairs kept apart, who facilitates a set",
        "Forming and running learning sets", PUBLIC_TASK, "The person and their set; staff",
        UNTIL_ERASED,
        ("grouping.LearningSetMember", "grouping.KeepApart", "grouping.LearningSet", "grouping.GroupingRun"),
    ),
    Kind(
        "Sessions and attendance", "Invitations and replies, attendance marks, seats, notices, calendar feed",
        "Running sessions; following up absences; attendance figures", PUBLIC_TASK,
        "The person; staff of the programme; figures only as counts of 5 or more",
        UNTIL_ERASED,
        ("schedule.Invitation", "schedule.Attendance", "schedule.Seat", "schedule.SentNotice",
         "schedule.CalendarFeed", "schedule.Module", "schedule.Session", "schedule.Module_facilitators",
         "schedule.Session_facilitators"),
    ),
    Kind(
        "Wellbeing and self-assessment answers", "Resilience, wellbeing and leadership self-assessment answers",
        "The person's own progress; the programme's evaluation in aggregate", HEALTH_CONSENT,
        "The person alone; figures only as counts of 5 or more",
        f"Answers: {after_end(RetentionKind.ANSWERS, 'pseudonymised')}; consents and reminders: until the "
        "person is erased",
        ("development.Response", "development.HealthDataConsent", "development.RoundNotice"), special=True,
    ),
    Kind(
        "Equality monitoring", "Ethnic group, disability, sex and age band, each optional, per programme",
        "Checking that the programme reaches everyone, in aggregate only", HEALTH_CONSENT,
        "The person alone; the programme's leads see counts of 5 or more only; never in the admin or an export",
        f"{after_end(RetentionKind.EQUALITY, 'Deleted')}, or sooner when the person withdraws their consent "
        "or is erased",
        ("development.EqualityAnswers",), special=True, special_what="ethnic origin and health",
    ),
    Kind(
        "Consents", "Each consent given: its purpose, programme, the version of the wording shown, when it was "
        "given and withdrawn",
        "Showing what each person agreed to and when, and letting them withdraw",
        "UK GDPR Art. 6(1)(c) with Art. 7(1): the controller must be able to show consent was given",
        "The person; nobody else reads it one person at a time",
        f"In force: while the person takes part, until they are erased; withdrawn or replaced: deleted "
        f"{period(RetentionKind.CONSENTS)} after they ended, as they prove what was agreed ({PER_PROGRAMME})",
        ("accounts.ConsentRecord",),
    ),
    Kind(
        "Goals and journal", "Development goals, reflections and journal entries",
        "The person's own development", LEGITIMATE, "The person alone",
        f"Journal: {after_end(RetentionKind.JOURNALS, 'deleted')}; goals: until the person is erased",
        ("development.Goal", "development.JournalEntry"),
    ),
    Kind(
        "Relationships", "Colleagues they marked in the relationship survey, their roster choices, people they met",
        "The person's own network; the programme's relationship figures and maps in aggregate", LEGITIMATE,
        "The person; figures and maps only with 5 or more people and names only with consent",
        f"Survey marks: {after_end(RetentionKind.SURVEY_MARKS, 'pseudonymised')}; roster choices and people "
        "met: until the person is erased",
        ("network.TieReport", "network.RosterConsent", "network.Encounter"),
    ),
    Kind(
        "Local issues and challenge teams", "Issues proposed, support, comments, interests, teams, updates, outcomes",
        "Co-designing work on local issues", PUBLIC_TASK,
        "The programme's members; outcomes on the public showcase only when a lead publishes them",
        UNTIL_ERASED,
        ("codesign.Issue", "codesign.Support", "codesign.Comment", "codesign.Interest", "codesign.TeamMember",
         "codesign.Milestone", "codesign.TeamUpdate", "codesign.TeamDocument", "codesign.Outcome",
         "codesign.Formation", "codesign.StateChange"),
    ),
    Kind(
        "Mentoring and buddies",
        "Offers to mentor, ranked choices of mentor, who manages whom (for matching only), matches with "
        "their explanation, acceptances and endings, meetings held with a note, buddy groups",
        "Matching mentees with mentors and buddies, and following each match through", PUBLIC_TASK,
        "The two people in a match and the programme's leads; a meeting's note only the pair; figures only "
        "as counts of 5 or more",
        UNTIL_ERASED,
        ("mentoring.MentorOffer", "mentoring.Preference", "mentoring.Wish", "mentoring.LineManagement",
         "mentoring.MatchRun", "mentoring.Match", "mentoring.Meeting", "mentoring.BuddyPairing", "mentoring.Buddy"),
    ),
    Kind(
        "Alumni directory", "Programmes completed; each directory entry's role, topics, issues to ask about, "
        "how the person can help, a contact email, who sees each field, and when consent was given",
        "A network of alumni that helps the cohorts that follow",
        "Alumni status: " + PUBLIC_TASK + "; the directory: UK GDPR Art. 6(1)(a): the person's consent, "
        "renewed yearly",
        "Each field only the audience its owner chose (alumni, or everyone taking part in the system's "
        "programmes), nobody until they choose; the map counts places only with 5 or more",
        "Until the person is erased; an entry whose consent is over a year old is hidden, and leaving the "
        "directory deletes what was written for it",
        ("alumni.Alumnus", "alumni.DirectoryEntry"),
    ),
    Kind(
        "Audit trail", "Who viewed, changed or exported whose data, sign-ins, role grants (ids and field names)",
        "Accountability and security", "UK GDPR Art. 6(1)(c) and Art. 5(2): accountability",
        "The person about themselves; the programme's leads as an export",
        f"{period(RetentionKind.AUDIT)}, then deleted ({PER_PROGRAMME}); never changed meanwhile. The site "
        "administration's history: until the person is erased",
        ("accounts.AuditEvent", "admin.LogEntry"),
    ),
    Kind(
        "Reports to funders and the board", "Who made each report pack and who signed it off, and when",
        "Answering to the programme's funders and board", PUBLIC_TASK,
        "The programme's leads; a funder sees their own signed-off packs, which hold figures only (counts of 5 "
        "or more), never a person",
        UNTIL_ERASED, ("reporting.ReportPack",),
    ),
    Kind(
        "API tokens and webhooks",
        "A person's API tokens (name, programme, scope, dates; a fingerprint, never the token) and the webhook "
        "addresses a lead added",
        "Letting the systems a programme already uses (HR records, dashboards) read and write through the API",
        PUBLIC_TASK, "The person their own tokens; the programme's leads its webhooks", UNTIL_ERASED,
        ("api.ApiToken", "api.WebhookEndpoint"),
    ),
    Kind(
        "Intakes and deferrals",
        "Who saved a programme as a template and who started an intake from one; a participant deferred to "
        "the next intake, with the cohorts, the reason given, who deferred them and when",
        "Starting a system's next intakes; keeping a place for someone who cannot continue now",
        PUBLIC_TASK, "The deferred person; the leads of both programmes and the system's administrators",
        UNTIL_ERASED, ("blueprints.ProgrammeTemplate", "blueprints.Intake", "blueprints.Deferral"),
    ),
    Kind(
        "Pseudonymised answers and marks",
        "Answers and survey marks after their period, moved onto pseudonyms: no name, address, role or "
        "workplace, and no record of whom each stands for",
        "The programme's evaluation and relationship figures in aggregate",
        "The same as the answers and marks they were", "Nobody individually; figures only as counts of 5 or more",
        "Until the programme is deleted",
        ("privacy.Pseudonym",),
    ),
]


def kind_of(model: str) -> Kind | None:
    return next((k for k in KINDS if model in k.models), None)


def rows() -> list[list[str]]:
    """The map as table rows, with its header first."""
    header = ["kind of data", "what", "special category", "purpose", "lawful basis", "who can see it", "kept"]
    return [header] + [
        [k.title, k.what, f"yes ({k.special_what})" if k.special else "no", k.purpose, k.basis, k.seen_by, k.kept]
        for k in KINDS
    ]
