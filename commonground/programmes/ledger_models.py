"""The funding ledger's rows: funders, their contributions in cash and in kind, the budget and its
spending, and the history of every change (`ledger.py` is their one writer).

Loaded with the app's other models (`models.py` imports them at its end), so `programmes.models.Funder`
and the rest keep working. Every amount is in pounds, to the penny.
"""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, DecimalField, F, Q, When
from django.utils import timezone

from commonground.programmes.models import Organisation, Programme, System

PENNY = Decimal("0.01")

CHARITY_NUMBER = RegexValidator(
    r"^(?:[0-9]{6,7}|SC[0-9]{6}|NIC[0-9]{6})\Z",
    "Charity number must be 6 or 7 digits (1234567), or SC or NIC and 6 digits (SC012345).",
)
COMPANY_NUMBER = RegexValidator(
    r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})\Z",
    "Company number must be 8 digits (01234567), or 2 capital letters and 6 digits (SC123456).",
)
# 360Giving's organisation identifiers (org-id.guide): a country or region code, a register's code,
# then the number on that register, e.g. GB-CHC-1234567 or GB-COH-01234567.
ORGANISATION_IDENTIFIER = RegexValidator(
    r"^[A-Z]{2}-[A-Z0-9]{2,12}-[A-Za-z0-9][A-Za-z0-9._/-]*\Z",
    "Organisation identifier must start with a register's prefix, such as GB-CHC-1234567 or GB-COH-01234567.",
)
# The register prefixes whose number is one of the funder's own fields: they must agree.
REGISTER_FIELDS = {"GB-CHC-": "charity_number", "GB-COH-": "company_number"}


class Funder(models.Model):
    """A body that funds programmes of a system in cash or in kind."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="funders",
        help_text="The partner organisation it is, when it is one of the system's.",
    )
    charity_number = models.CharField(max_length=9, blank=True, db_default="", validators=[CHARITY_NUMBER])
    company_number = models.CharField(max_length=8, blank=True, db_default="", validators=[COMPANY_NUMBER])
    org_identifier = models.CharField(
        "organisation identifier", max_length=100, blank=True, db_default="", validators=[ORGANISATION_IDENTIFIER],
        help_text="As 360Giving writes it, e.g. GB-CHC-1234567 (a charity) or GB-COH-01234567 (a company).",
    )
    commercial = models.BooleanField(
        db_default=False, default=False,
        help_text="A commercial partner (a pharmaceutical company, say): its support in kind is a transfer of value to disclose.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="funder_name_unique_in_system")]

    def __str__(self) -> str:
        return self.name


class ContributionKind(models.TextChoices):
    CASH = "cash", "Cash"
    IN_KIND = "in_kind", "In kind"


class ValuationBasis(models.TextChoices):
    HOURS = "hours", "Hours at an hourly rate"
    MARKET = "market", "Market value"


class TransferNature(models.TextChoices):
    """The categories a pharmaceutical company's transfers of value to an organisation are disclosed under."""

    DONATIONS = "donations", "Donations and grants"
    EVENTS = "events", "Contribution to costs of events"
    FEES = "fees", "Fees for service and consultancy"
    JOINT_WORKING = "joint_working", "Joint working"


def _money(verbose_name: str, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, null=True, blank=True, **kwargs)  # type: ignore[arg-type]


def _not_negative(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


CASH_FIELDS = ("amount_committed", "committed_on", "amount_received", "received_on", "restrictions")
IN_KIND_FIELDS = ("what", "valuation_basis", "hours", "hourly_rate", "market_value", "given_on")
TRANSFER_FIELDS = ("transfer_recipient", "transfer_date", "transfer_value", "transfer_nature")
_NO_TRANSFER = Q(
    transfer_recipient__isnull=True, transfer_date__isnull=True, transfer_value__isnull=True, transfer_nature=""
)


class Contribution(models.Model):
    """Money a funder commits to a programme, or what it gives in kind, valued in pounds.

    Cash is committed on a date and received (all of it, or part) on another; money given in
    instalments is one contribution per instalment. Support in kind is valued as hours at an
    hourly rate or at its market value, is dated by the sessions it delivered (`schedule`'s
    `Session.delivered_under`) or else by its own date, and, from a commercial funder, carries
    the transfer-of-value disclosure.
    """

    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="contributions")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(max_length=8, choices=ContributionKind.choices)
    description = models.CharField(max_length=300)
    # Cash
    amount_committed = _money("amount committed")
    committed_on = models.DateField("committed on", null=True, blank=True)
    amount_received = _money("amount received")
    received_on = models.DateField("received on", null=True, blank=True)
    restrictions = models.TextField(
        blank=True, db_default="", help_text="What the money may and may not be spent on, as the funder put it."
    )
    # In kind
    what = models.CharField("what is given", max_length=200, blank=True, db_default="")
    valuation_basis = models.CharField(
        "valued as", max_length=8, choices=ValuationBasis.choices, blank=True, db_default=""
    )
    hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    hourly_rate = _money("hourly rate")
    market_value = _money("market value")
    given_on = models.DateField(
        "given on", null=True, blank=True,
        help_text="When it was given (or began); the sessions it delivered date it when there are any.",
    )
    # A commercial funder's support in kind: the transfer of value it discloses.
    transfer_recipient = models.ForeignKey(
        Organisation, on_delete=models.RESTRICT, null=True, blank=True, related_name="transfers_received",
        verbose_name="recipient organisation",
    )
    transfer_date = models.DateField("date of transfer", null=True, blank=True)
    transfer_value = _money("value transferred")
    transfer_nature = models.CharField(
        "nature of transfer", max_length=16, choices=TransferNature.choices, blank=True, db_default=""
    )

    class Meta:
        ordering = ["programme", "funder", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ContributionKind.CASH)
                | (
                    Q(amount_committed__isnull=False, committed_on__isnull=False, valuation_basis="", what="")
                    & Q(hours__isnull=True, hourly_rate__isnull=True, market_value__isnull=True, given_on__isnull=True)
                    & _NO_TRANSFER
                ),
                name="cash_contribution_names_its_commitment",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ContributionKind.IN_KIND)
                | (
                    Q(amount_committed__isnull=True, committed_on__isnull=True, restrictions="")
                    & Q(amount_received__isnull=True, received_on__isnull=True, given_on__isnull=False)
                    & (
                        Q(valuation_basis=ValuationBasis.HOURS, hours__isnull=False, hourly_rate__isnull=False,
                          market_value__isnull=True)
                        | Q(valuation_basis=ValuationBasis.MARKET, market_value__isnull=False, hours__isnull=True,
                            hourly_rate__isnull=True)
                    )
                ),
                name="in_kind_contribution_names_its_valuation",
            ),
            models.CheckConstraint(
                condition=Q(amount_received__isnull=True, received_on__isnull=True)
                | Q(amount_received__isnull=False, received_on__isnull=False),
                name="contribution_received_with_its_date",
            ),
            models.CheckConstraint(
                condition=_NO_TRANSFER
                | Q(transfer_recipient__isnull=False, transfer_date__isnull=False, transfer_value__isnull=False)
                & ~Q(transfer_nature=""),
                name="contribution_transfer_of_value_complete",
            ),
            models.CheckConstraint(
                condition=_not_negative("amount_committed") & _not_negative("amount_received")
                & _not_negative("hourly_rate") & _not_negative("market_value") & _not_negative("transfer_value")
                & (Q(hours__isnull=True) | Q(hours__gt=0)),
                name="contribution_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.description}"

    @property
    def is_cash(self) -> bool:
        return self.kind == ContributionKind.CASH

    @property
    def value(self) -> Decimal:
        """Cash: the amount committed; in kind: hours × hourly rate, or the market value."""
        if self.kind == ContributionKind.CASH:
            return self.amount_committed or Decimal(0)
        if self.valuation_basis == ValuationBasis.HOURS:
            return ((self.hours or Decimal(0)) * (self.hourly_rate or Decimal(0))).quantize(PENNY)
        return self.market_value or Decimal(0)

    @property
    def outstanding(self) -> Decimal | None:
        """Cash committed and not yet received (None for support in kind)."""
        if not self.is_cash:
            return None
        return (self.amount_committed or Decimal(0)) - (self.amount_received or Decimal(0))


def value_expression(prefix: str = "") -> Case:
    """`Contribution.value` as a database expression (`prefix`: the path to the contribution, e.g. "contributions__")."""
    return Case(
        When(**{f"{prefix}kind": ContributionKind.CASH}, then=F(f"{prefix}amount_committed")),
        When(
            **{f"{prefix}valuation_basis": ValuationBasis.HOURS},
            then=F(f"{prefix}hours") * F(f"{prefix}hourly_rate"),
        ),
        default=F(f"{prefix}market_value"),
        output_field=DecimalField(max_digits=24, decimal_places=4),
    )


class BudgetLine(models.Model):
    """One line of a programme's budget: facilitation, venues and catering, evaluation…"""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_lines")
    name = models.CharField(max_length=200)
    amount_budgeted = models.DecimalField("amount budgeted", max_digits=12, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0, help_text="Where the line comes in the budget.")

    class Meta:
        ordering = ["programme", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="budget_line_name_unique_in_programme"),
            models.CheckConstraint(condition=Q(amount_budgeted__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Spend(models.Model):
    """Money paid out against a budget line."""

    budget_line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="spend")
    spent_on = models.DateField("date")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=300)
    paid_to = models.CharField("paid to", max_length=200, blank=True, help_text="The supplier or organisation paid.")

    class Meta:
        ordering = ["-spent_on", "-pk"]
        verbose_name_plural = "spend"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="spend_is_positive")]

    def __str__(self) -> str:
        return f"{self.description} ({self.spent_on:%d %b %Y})"


class LedgerAction(models.TextChoices):
    CREATED = "created", "Added"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"


class LedgerRecord(models.TextChoices):
    FUNDER = "funder", "Funder"
    CONTRIBUTION = "contribution", "Contribution"
    BUDGET_LINE = "budget_line", "Budget line"
    SPEND = "spend", "Spend"


# What the history keeps of each kind of row (`sessions`, which sessions support in kind delivered, is written by the schedule).
TRACKED: dict[str, tuple[str, ...]] = {
    LedgerRecord.FUNDER: ("name", "organisation", "charity_number", "company_number", "org_identifier", "commercial"),
    LedgerRecord.CONTRIBUTION: (
        "funder", "kind", "description", *CASH_FIELDS, *IN_KIND_FIELDS, *TRANSFER_FIELDS,
    ),
    LedgerRecord.BUDGET_LINE: ("name", "amount_budgeted", "order"),
    LedgerRecord.SPEND: ("budget_line", "spent_on", "amount", "description", "paid_to"),
}


class LedgerChange(models.Model):
    """One change to a programme's ledger: who, when, which row, and each changed field before and after.

    The values are money figures, dates and names of funders, lines and sessions; never a person's
    details. Whoever made it is a plain id, as in the audit trail, so the history outlives them.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="ledger_changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, help_text="Who made it (a person id).")
    record = models.CharField(max_length=16, choices=LedgerRecord.choices)
    object_id = models.BigIntegerField()
    label = models.CharField(max_length=300, help_text="The row as it was named then.")
    action = models.CharField(max_length=8, choices=LedgerAction.choices)
    changes = models.JSONField(default=dict, blank=True, help_text="Field name → [before, after], as text.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["programme", "-at"], name="ledger_change_programme_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.get_record_display().lower()} {self.label}"
