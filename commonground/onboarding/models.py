"""What a system's onboarding remembers that its own data cannot tell: the choices its
administrator made on the way. Everything else (places, organisations, the programme) is read
from the system itself, so the task list and the checklist never drift from it."""

from django.db import models
from django.utils import timezone

from commonground.programmes.models import Programme, System


class Onboarding(models.Model):
    """One system's way through onboarding, from the site administrator's invitation."""

    system = models.OneToOneField(System, on_delete=models.CASCADE, related_name="onboarding")
    invited_at = models.DateTimeField(default=timezone.now)
    sectors_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its administrator confirmed the sectors its organisations come from."
    )
    email_links_chosen_at = models.DateTimeField(
        null=True, blank=True, help_text="When its administrator chose sign-in by emailed link rather than an identity provider."
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The first programme, made in onboarding.",
    )

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"Onboarding of system {self.system_id}"
