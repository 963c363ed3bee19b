"""The tables of a system's export: what its data controller gets back when the system leaves.

Each table is one query over the system's own rows (`rows(system_id)`), read as plain values in the
order of its columns; people appear by id, name and email wherever a row is theirs, so every file
stands on its own. It is the controller's data, so people's own answers are in it (survey and
relationship answers, applications, access needs), and the export says it is personal data. Left
out: secrets (passwords, tokens, digests, sealed keys), and what is a participant's alone rather
than the programme's record (their journal and goals: each person's own download has them).
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from commonground.accounts.models import Person
from commonground.blueprints.models import Deferral, Intake, ProgrammeTemplate
from commonground.codesign.models import Issue
from commonground.development.models import Response, Round
from commonground.grouping.models import LearningSet, LearningSetMember
from commonground.network.models import SurveyRound, TieReport
from commonground.offboarding.people import people_of
from commonground.onboarding.models import Onboarding
from commonground.programmes.models import (
    Affiliation,
    BudgetLine,
    Cohort,
    Contribution,
    Funder,
    Membership,
    Organisation,
    Place,
    Programme,
    Spend,
    System,
    SystemAdmin,
    Team,
)
from commonground.recruitment.models import Application
from commonground.schedule.models import Attendance, Invitation, Module, Session


@dataclass(frozen=True)
class Table:
    """One table of the export: its name (file and sheet), what it holds, and its columns as
    (heading, field path) over the rows of `rows(system_id)`."""

    name: str
    title: str
    columns: Sequence[tuple[str, str]]
    rows: Callable[[int], QuerySet[Any]]

    @property
    def header(self) -> list[str]:
        return [heading for heading, _ in self.columns]

    def values(self, system_id: int) -> Iterator[tuple[Any, ...]]:
        paths = [path for _, path in self.columns]
        return self.rows(system_id).order_by("pk").values_list(*paths).iterator(chunk_size=2000)


def _person(prefix: str = "person", label: str = "") -> list[tuple[str, str]]:
    """A person's id, name and email, from the field `prefix`."""
    head = f"{label} " if label else ""
    return [(f"{head}person id", f"{prefix}_id"), (f"{head}name", f"{prefix}__full_name"),
            (f"{head}email", f"{prefix}__email")]


def _of(model: type[Model], path: str) -> Callable[[int], QuerySet[Any]]:
    """The rows of `model` whose `path` is the system's id."""
    return lambda system_id: model._default_manager.filter(**{path: system_id})


P = "programme__system_id"

TABLES: tuple[Table, ...] = (
    Table("system", "The system", [("id", "id"), ("name", "name"), ("short name", "short_name"),
          ("data controller", "data_controller"), ("privacy contact", "privacy_contact")], _of(System, "pk")),
    Table("places", "Places", [("id", "id"), ("name", "name"), ("population", "population")], _of(Place, "system_id")),
    Table("organisations", "Organisations", [("id", "id"), ("name", "name"), ("sector", "sector"),
          ("NHS organisation code", "ods_code"), ("parent id", "parent_id")], _of(Organisation, "system_id")),
    Table("organisation_places", "The places each organisation works in",
          [("organisation id", "organisation_id"), ("place id", "place_id")],
          _of(Organisation.places.through, "organisation__system_id")),
    Table("teams", "Teams", [("id", "id"), ("organisation id", "organisation_id"), ("name", "name")],
          _of(Team, "organisation__system_id")),
    Table("people", "People the system holds data about",
          [("id", "id"), ("name", "full_name"), ("email", "email"), ("job title", "job_title"),
           ("profession", "profession"), ("seniority", "seniority"), ("access needs", "accessibility_needs"),
           ("joined", "date_joined")],
          lambda system_id: Person.objects.filter(pk__in=people_of(system_id))),
    Table("where_people_work", "Where people work in the system",
          [*_person(), ("organisation id", "organisation_id"), ("team id", "team_id"), ("place id", "place_id")],
          _of(Affiliation, "system_id")),
    Table("system_administrators", "The system's administrators",
          [*_person(), ("granted", "granted_at")], _of(SystemAdmin, "system_id")),
    Table("funders", "Funders", [("id", "id"), ("name", "name"), ("organisation id", "organisation_id"),
          ("charity number", "charity_number"), ("company number", "company_number"),
          ("360Giving identifier", "org_identifier"), ("commercial", "commercial")], _of(Funder, "system_id")),
    Table("programmes", "Programmes", [("id", "id"), ("title", "title"), ("summary", "summary"),
          ("starts", "starts_on"), ("ends", "ends_on"), ("status", "status"),
          ("module days to complete", "min_module_days_to_complete")], _of(Programme, "system_id")),
    Table("cohorts", "Cohorts", [("id", "id"), ("programme id", "programme_id"), ("name", "name"),
          ("place id", "place_id"), ("capacity", "capacity"), ("starts", "starts_on"), ("ends", "ends_on")],
          _of(Cohort, P)),
    Table("memberships", "Roles in programmes",
          [("id", "id"), ("programme id", "programme_id"), *_person(), ("role", "role"), ("cohort id", "cohort_id"),
           ("sponsor of organisation id", "organisation_id"), ("funder id", "funder_id"), ("joined", "joined_on")],
          _of(Membership, P)),
    Table("applications", "Applications",
          [("id", "id"), ("programme id", "programme_id"), *_person(), ("status", "status"), ("source", "source"),
           ("cohort id", "cohort_id"), ("organisation id", "organisation_id"), ("team id", "team_id"),
           ("place id", "place_id"), ("role", "job_title"), ("profession", "profession"),
           ("seniority", "seniority"), ("why now", "why_now"), ("sponsor name", "sponsor_name"),
           ("sponsor email", "sponsor_email"), ("access needs", "access_needs"), ("submitted", "submitted_at"),
           ("consented", "consented_at")],
          _of(Application, P)),
    Table("contributions", "Funders' contributions",
          [("id", "id"), ("funder id", "funder_id"), ("programme id", "programme_id"), ("kind", "kind"),
           ("description", "description"), ("committed", "amount_committed"), ("committed on", "committed_on"),
           ("received", "amount_received"), ("received on", "received_on")],
          _of(Contribution, P)),
    Table("budget_lines", "Budget lines", [("id", "id"), ("programme id", "programme_id"), ("name", "name"),
          ("budgeted", "amount_budgeted")], _of(BudgetLine, P)),
    Table("spend", "Spending", [("id", "id"), ("budget line id", "budget_line_id"), ("date", "spent_on"),
          ("amount", "amount"), ("description", "description"), ("paid to", "paid_to")],
          _of(Spend, "budget_line__programme__system_id")),
    Table("modules", "Modules", [("id", "id"), ("programme id", "programme_id"), ("title", "title"),
          ("outcomes", "outcomes"), ("partner organisation id", "partner_id"), ("order", "order")], _of(Module, P)),
    Table("sessions", "Sessions",
          [("id", "id"), ("programme id", "programme_id"), ("module id", "module_id"), ("kind", "kind"),
           ("title", "title"), ("starts", "starts_at"), ("ends", "ends_at"), ("venue", "venue_name"),
           ("address", "address"), ("status", "status"), ("cancelled because", "cancel_reason"),
           ("open to the whole system", "open_to_system")],
          _of(Session, P)),
    Table("session_cohorts", "The cohorts each session is for",
          [("session id", "session_id"), ("cohort id", "cohort_id")],
          _of(Session.cohorts.through, "session__programme__system_id")),
    Table("invitations", "Invitations to sessions and replies",
          [("session id", "session_id"), *_person(), ("reply", "reply"), ("apology reason", "apology_reason"),
           ("replied", "replied_at")],
          _of(Invitation, "session__programme__system_id")),
    Table("attendance", "Attendance at sessions",
          [("session id", "session_id"), *_person(), ("mark", "mark"), ("how", "method"), ("marked", "marked_at")],
          _of(Attendance, "session__programme__system_id")),
    Table("learning_sets", "Learning sets",
          [("id", "id"), ("cohort id", "cohort_id"), ("number", "number"), ("name", "name"),
           ("facilitator id", "facilitator_id"), ("published", "published_at")],
          _of(LearningSet, "cohort__programme__system_id")),
    Table("learning_set_members", "Members of learning sets",
          [("learning set id", "learning_set_id"), *_person(), ("locked", "locked")],
          _of(LearningSetMember, "cohort__programme__system_id")),
    Table("survey_rounds", "Survey rounds (self-assessment, wellbeing, feedback)",
          [("id", "id"), ("programme id", "programme_id"), ("cohort id", "cohort_id"),
           ("instrument", "instrument_version__instrument__key"), ("version", "instrument_version__number"),
           ("kind", "kind"), ("title", "title"), ("opens", "opens_at"), ("closes", "closes_at")],
          _of(Round, P)),
    Table("survey_answers", "Survey answers",
          [("round id", "round_id"), *_person(), ("answers", "answers"), ("scores", "scores"),
           ("submitted", "submitted_at")],
          _of(Response, "round__programme__system_id")),
    Table("relationship_rounds", "Relationship survey rounds",
          [("id", "id"), ("programme id", "programme_id"), ("cohort id", "cohort_id"), ("kind", "kind"),
           ("opens", "opens_at"), ("closes", "closes_at")], _of(SurveyRound, P)),
    Table("relationship_answers", "Relationship survey answers",
          [("round id", "round_id"), *_person("reporter", "reporter"), *_person("colleague", "colleague"),
           ("knows", "knows"), ("worked with", "worked_with"), ("goes to for help", "go_to_for_help")],
          _of(TieReport, "round__programme__system_id")),
    Table("local_issues", "Local issues",
          [("id", "id"), ("programme id", "programme_id"), ("place id", "place_id"), ("title", "title"),
           ("the problem", "problem"), ("who it affects", "affects"), ("evidence", "evidence"), ("state", "state"),
           *_person("proposed_by", "proposer"), ("created", "created_at")],
          _of(Issue, P)),
    Table("onboarding", "The system's onboarding",
          [("invited", "invited_at"), ("sectors confirmed", "sectors_confirmed_at"),
           ("sign-in by emailed link chosen", "email_links_chosen_at"), ("first programme id", "programme_id")],
          _of(Onboarding, "system_id")),
    Table("programme_templates", "Programme templates saved by the system (its programmes' shape, as JSON)",
          [("id", "id"), ("name", "name"), ("saved from programme id", "saved_from_id"),
           *_person("created_by", "saved by"), ("saved", "created_at"), ("shape", "description")],
          _of(ProgrammeTemplate, "system_id")),
    Table("intakes", "Programmes started from a template",
          [("programme id", "programme_id"), ("template id", "template_id"), ("template", "template__name"),
           *_person("started_by", "started by"), ("started", "started_at")],
          _of(Intake, P)),
    Table("deferrals", "Participants deferred to a next intake",
          [*_person(), ("from programme id", "from_programme_id"), ("from cohort", "from_cohort_name"),
           ("to programme id", "to_programme_id"), ("to cohort", "to_cohort_name"), ("reason", "reason"),
           *_person("by", "deferred by"), ("when", "at")],
          _of(Deferral, "from_programme__system_id")),
)
