"""Programme templates, the intakes started from them, and deferrals from one intake to the next."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from commonground.programmes.models import Programme, System


class ProgrammeTemplate(models.Model):
    """A programme's shape, kept to start the next intake from: a system's own (saved from one of
    its programmes) or shipped with Common Ground (no system: every system may use it).

    `description` is a `blueprint.Blueprint` as JSON (`core.codec`), every date a day counted from
    the programme's first day; `services` is its one writer and `queries.blueprint_of` its reader."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, null=True, blank=True, related_name="programme_templates",
        help_text="Empty for a template shipped with Common Ground, which every system may use.",
    )
    key = models.SlugField(
        max_length=80, blank=True, default="",
        help_text="A shipped template's stable name, so an upgrade replaces it rather than adding another.",
    )
    name = models.CharField(max_length=200)
    description = models.JSONField()
    saved_from = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="templates_saved",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="one_shipped_template_per_key"
            ),
            models.UniqueConstraint(
                fields=["system", "name"], condition=Q(system__isnull=False), name="template_name_unique_in_system"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.system_id is None


class Intake(models.Model):
    """A programme started from a template: the template's intakes follow one another by date."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="intake")
    template = models.ForeignKey(ProgrammeTemplate, on_delete=models.CASCADE, related_name="intakes")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template", "programme__starts_on"]

    def __str__(self) -> str:
        return f"{self.programme} from {self.template}"


class Deferral(models.Model):
    """A participant who could not continue, moved to the next intake with their record kept
    (their attendance, development and history stay with the programme they leave)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deferrals")
    from_programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="deferrals_out")
    to_programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="deferrals_in")
    from_cohort_name = models.CharField(max_length=200, blank=True)
    to_cohort_name = models.CharField(max_length=200, blank=True)
    reason = models.CharField(
        max_length=300, blank=True, help_text="In a few words, without health details: it is kept with the record."
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "from_programme"], name="one_deferral_per_programme"),
        ]

    def __str__(self) -> str:
        return f"Deferral {self.pk}"
