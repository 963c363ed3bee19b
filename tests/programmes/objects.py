"""Programme objects for tests that only get the shared `world` (the permission matrix and this package)."""

from commonground.programmes.models import Membership, Organisation, OrganisationChange, Role
from tests.conftest import World


def sams_grant(world: World) -> Membership:
    """Sam's sponsor role, granted for Surrey Acute."""
    return Membership.objects.get(person=world.sam, programme=world.programme, role=Role.SPONSOR)


def bobs_change(world: World) -> OrganisationChange:
    """Bob, a participant, has asked to move to Community Action."""
    return OrganisationChange.objects.get_or_create(
        person=world.bob, system=world.programme.system, status="pending",
        defaults={"organisation": Organisation.objects.get(name="Community Action")},
    )[0]
