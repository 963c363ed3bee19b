"""Opening the first applications: only when the checklist has nothing required missing."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.onboarding import queries
from commonground.onboarding.models import Onboarding
from commonground.programmes.models import Programme, System
from commonground.recruitment.services.opening import open_applications


@transaction.atomic
def open_first_applications(*, system: System) -> Programme:
    """Open the first programme's applications (recruitment's own write), after checking the whole
    checklist under a lock on the system's onboarding; refused, changing nothing, naming what is missing."""
    system = System.objects.select_for_update().get(pk=system.pk)  # as saved, not as the caller last read it
    onboarding, _ = Onboarding.objects.select_for_update().get_or_create(system=system)
    facts = queries.facts(system, onboarding)
    missing = queries.missing(queries.checklist(facts))
    if missing or facts.programme is None:
        raise ValidationError("Still missing: " + "; ".join(item.title.lower() for item in missing) + ".")
    return open_applications(programme_id=facts.programme.pk)
