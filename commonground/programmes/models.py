"""Systems, places, organisations, programmes, cohorts and memberships; the funding ledger's rows
are in `ledger_models.py`, loaded at the end of this module."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from commonground.programmes.ods import validate_ods_code


class Sector(models.TextChoices):
    """The fixed, coded list of sectors a partner organisation belongs to."""

    NHS_ACUTE = "nhs_acute", "NHS acute"
    COMMUNITY_HEALTH = "community_health", "Community health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PRIMARY_CARE = "primary_care", "Primary care"
    AMBULANCE = "ambulance", "Ambulance"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    PUBLIC_HEALTH = "public_health", "Public health"
    DISTRICT_COUNCIL = "district_council", "District or borough council"
    HOUSING = "housing", "Housing"
    VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community"
    FAITH = "faith", "Faith"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class SectorFamily(models.TextChoices):
    """The four broad families that funders and boards report by."""

    NHS = "nhs", "NHS"
    COUNCIL = "council", "Local government"
    VCFS = "vcfs", "Voluntary, community and faith"
    OTHER_PUBLIC = "other_public", "Other public services"


SECTOR_FAMILY: dict[str, str] = {
    Sector.NHS_ACUTE: SectorFamily.NHS,
    Sector.COMMUNITY_HEALTH: SectorFamily.NHS,
    Sector.MENTAL_HEALTH: SectorFamily.NHS,
    Sector.PRIMARY_CARE: SectorFamily.NHS,
    Sector.AMBULANCE: SectorFamily.NHS,
    Sector.ADULT_SOCIAL_CARE: SectorFamily.COUNCIL,
    Sector.CHILDRENS_SERVICES: SectorFamily.COUNCIL,
    Sector.PUBLIC_HEALTH: SectorFamily.COUNCIL,
    Sector.DISTRICT_COUNCIL: SectorFamily.COUNCIL,
    Sector.HOUSING: SectorFamily.COUNCIL,
    Sector.VOLUNTARY_COMMUNITY: SectorFamily.VCFS,
    Sector.FAITH: SectorFamily.VCFS,
    Sector.POLICE: SectorFamily.OTHER_PUBLIC,
    Sector.FIRE: SectorFamily.OTHER_PUBLIC,
    Sector.EDUCATION: SectorFamily.OTHER_PUBLIC,
    Sector.OTHER: SectorFamily.OTHER_PUBLIC,
}


class System(models.Model):
    """A health-and-care system (for example an integrated care system)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    data_controller = models.CharField(
        max_length=200, blank=True, db_default="",
        help_text="The organisation responsible for the personal data of this system's programmes, as the privacy notice names it.",
    )
    privacy_contact = models.EmailField(
        blank=True, db_default="", help_text="Where people write about their data (often the controller's data protection officer)."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SystemAdmin(models.Model):
    """Someone who looks after a whole system: its identity providers, and the erasure of people
    whose data reaches beyond one programme. Granted in the site administration."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="admins")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="system_roles")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["system", "person"]
        constraints = [models.UniqueConstraint(fields=["system", "person"], name="one_admin_role_per_system")]

    def __str__(self) -> str:
        return f"{self.person} — administrator of {self.system}"


class Place(models.Model):
    """A local health-and-care partnership inside a system."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(max_length=200)
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Residents, roughly.")

    class Meta:
        ordering = ["system", "name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "name"], name="place_name_unique_in_system"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner organisation: a trust, a council, a charity, a practice."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    ods_code = models.CharField(
        "NHS organisation code", max_length=6, blank=True, default="", db_default="", validators=[validate_ods_code],
        help_text="The organisation's ODS code, for example RTK or 8HV48; empty when it has none.",
    )
    places = models.ManyToManyField(Place, related_name="organisations", blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "name"], name="organisation_name_unique_in_system"),
            models.UniqueConstraint(
                fields=["system", "ods_code"], condition=~Q(ods_code=""), name="organisation_ods_code_unique_in_system"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_family(self) -> str:
        return SECTOR_FAMILY[self.sector]


class Team(models.Model):
    """A team inside an organisation: the unit that learning sets never repeat."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECRUITING = "recruiting", "Recruiting"
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    ARCHIVED = "archived", "Archived"


COMPLETION_FIELD_LABEL = "module days to attend"


class Programme(models.Model):
    """A collaborative leadership programme run for one system."""

    system = models.ForeignKey(System, on_delete=models.PROTECT, related_name="programmes")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=16, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT)
    # The completion rule (read with attendance by `schedule/completion.py`; mentoring, alumni and
    # certificates follow it too). Empty: all but one of the module days scheduled.
    min_module_days_to_complete = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        verbose_name=COMPLETION_FIELD_LABEL,
        help_text="How many module days a participant must attend to complete the programme. Empty: all but one.",
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def module_days_to_complete(self, module_days: int) -> int | None:
        """How many of `module_days` scheduled module days a participant must attend to complete:
        the lead's number, or all but one (at least one); None when no module day is scheduled.

        All but one by default: a programme of about six days over eight months, run for people
        whose services come first, expects an absence for illness or a pressured week, and one
        missed day leaves most of what the programme teaches attended."""
        if module_days <= 0:
            return None
        if self.min_module_days_to_complete is not None:
            return self.min_module_days_to_complete
        return max(1, module_days - 1)


def completion_rule_problem(minimum: int | None, *, module_days: int) -> str | None:
    """What is wrong with a completion rule of `minimum` module days when `module_days` are
    scheduled, naming the field; None when it is fine (empty always is: all but one)."""
    if minimum is None:
        return None
    if minimum < 1:
        return "Module days to attend must be at least 1."
    if minimum > module_days:
        return completion_rule_too_big(module_days)
    return None


def completion_rule_too_big(module_days: int) -> str:
    """Why a rule of more module days than `module_days` scheduled is refused, naming the field."""
    if module_days <= 0:
        return (
            "Module days to attend can be set once module days are scheduled: leave it empty "
            "for all but one of them."
        )
    days = "1 module day is" if module_days == 1 else f"{module_days} module days are"
    return f"Module days to attend must be at most {module_days}: {days} scheduled."


class Cohort(models.Model):
    """A cohort of a programme: for one place, or system-wide when place is empty."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, null=True, blank=True, related_name="cohorts")
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique_in_programme"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_system_wide(self) -> bool:
        return self.place_id is None


class Role(models.TextChoices):
    LEAD = "lead", "Programme lead"
    FACILITATOR = "facilitator", "Facilitator"
    PARTICIPANT = "participant", "Participant"
    SPONSOR = "sponsor", "Sponsor"
    FUNDER = "funder", "Funder"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def participants(self) -> "MembershipQuerySet":
        return self.filter(role=Role.PARTICIPANT)


class Membership(models.Model):
    """One role one person holds in one programme; participants also belong to a cohort."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships")
    # A sponsor sees the participants of this organisation, named by the lead who granted the role. It is
    # never read from the sponsor's own profile, which the sponsor can edit.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsor_memberships",
        help_text="For sponsors only: the organisation whose participants they see.",
    )
    # A funder's representative, named by whoever granted the role. Without one they see the
    # aggregate pages, as every funder does.
    funder = models.ForeignKey(
        "programmes.Funder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="For funders only: the funder they represent.",
    )
    joined_on = models.DateField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "programme", "role"], name="one_membership_per_role"),
            models.CheckConstraint(
                condition=(Q(role="sponsor") & Q(organisation__isnull=False))
                | (~Q(role="sponsor") & Q(organisation__isnull=True)),
                name="sponsor_membership_names_organisation",
            ),
            models.CheckConstraint(
                condition=Q(role="funder") | Q(funder__isnull=True),
                name="only_funder_memberships_name_a_funder",
            ),
        ]
        indexes = [models.Index(fields=["programme", "role", "cohort"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} in {self.programme}"

    def clean(self) -> None:
        """A funder's role names a funder of the programme's system, or none; no other role names one."""
        funder = self.funder if self.funder_id is not None else None
        if funder is None:
            return
        if self.role != Role.FUNDER:
            raise ValidationError({"funder": "Only a funder's role names a funder: leave it empty for this role."})
        if self.programme_id is not None and funder.system_id != self.programme.system_id:
            raise ValidationError({"funder": f"{funder.name} does not fund programmes of this system."})


class Affiliation(models.Model):
    """Where a person works in one system: organisation, team and place, each optional.

    One per person and system, so a person can work in two systems. Written only by
    `programmes/affiliations.py`, which checks that the organisation and place belong to the system
    and the team to the organisation.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="affiliations"
    )
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="affiliations")
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name="place of work",
    )

    class Meta:
        ordering = ["person", "system"]
        constraints = [
            models.UniqueConstraint(fields=["person", "system"], name="one_affiliation_per_system"),
        ]

    def __str__(self) -> str:
        return f"Affiliation of {self.person_id} in system {self.system_id}"

    def clean(self) -> None:
        errors = affiliation_errors(
            system_id=self.system_id, organisation=self.organisation, team=self.team, place=self.place
        )
        if errors:
            raise ValidationError(errors)


def affiliation_errors(
    *, system_id: int | None, organisation: Organisation | None, team: Team | None, place: Place | None
) -> dict[str, str]:
    """What is wrong with an organisation, team and place for one system: field name → message."""
    errors: dict[str, str] = {}
    if organisation is not None and organisation.system_id != system_id:
        errors["organisation"] = f"{organisation.name} is not an organisation of this system."
    if place is not None and place.system_id != system_id:
        errors["place"] = f"{place.name} is not a place of this system."
    if team is not None and (organisation is None or team.organisation_id != organisation.pk):
        errors["team"] = f"{team.name} is not a team of the organisation asked for."
    return errors


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a programme lead"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OrganisationChange(models.Model):
    """A programme member asks to move to another organisation or team in one system; a lead of
    their programme decides.

    Who a person works for decides what others let them see and how groups are mixed, so once they
    belong to a programme they cannot change it on their own. The system is named because the
    organisation asked for may be empty.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_changes"
    )
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="organisation_changes")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="Empty: no organisation.",
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "system"],
                condition=models.Q(status="pending"),
                name="one_pending_organisation_change_per_system",
            ),
        ]

    def __str__(self) -> str:
        return f"Organisation change for {self.person_id} ({self.status})"


# The funding ledger's models, registered with the app's others (they import from above).
from commonground.programmes.ledger_models import (  # noqa: E402, F401
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    LedgerAction,
    LedgerChange,
    LedgerRecord,
    Spend,
    TransferNature,
    ValuationBasis,
)
