"""The choices a system's administrator makes in onboarding that its data cannot show by itself."""

from django.db import transaction
from django.utils import timezone

from commonground.onboarding.models import Onboarding
from commonground.programmes.models import System


@transaction.atomic
def confirm_sectors(*, system: System) -> Onboarding:
    """The administrator has looked at the sectors its organisations come from and found them right."""
    onboarding, _ = Onboarding.objects.select_for_update().get_or_create(system=system)
    onboarding.sectors_confirmed_at = timezone.now()
    onboarding.save(update_fields=["sectors_confirmed_at"])
    return onboarding


@transaction.atomic
def choose_email_links(*, system: System) -> Onboarding:
    """People of the system sign in with emailed links (and passwords), not an identity provider."""
    onboarding, _ = Onboarding.objects.select_for_update().get_or_create(system=system)
    onboarding.email_links_chosen_at = timezone.now()
    onboarding.save(update_fields=["email_links_chosen_at"])
    return onboarding
