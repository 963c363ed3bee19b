"""Relationship pages that name people are in the audit trail: the survey's roster, a participant's
own network (which names the colleagues they marked or who marked them) and the lead's map (only
the people it names). A person's own page records nothing about them."""

from django.urls import reverse

from commonground.accounts.models import AuditEvent
from commonground.network import services
from commonground.network.models import RosterConsent
from commonground.programmes.models import Organisation, Role
from tests import factories
from tests.accounts.seen import seen, signed_in, viewed
from tests.conftest import World


def _listed_in_east(world: World, count: int) -> None:
    council = Organisation.objects.get(name="County Council")
    for i in range(count):
        person = factories.PersonFactory(full_name=f"Listed{i} Person", email=f"listed{i}@example.org", organisation=council)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
        RosterConsent.objects.create(person=person, programme=world.programme, listed=True)


def test_the_roster_records_the_colleagues_it_lists_but_not_the_reader(world: World) -> None:
    url = reverse("network:roster", args=[world.programme.pk, world.east_start.pk])
    assert signed_in(world.alice).get(url).status_code == 200
    assert seen(world.alice) == []
    assert seen(world.bob) == [viewed(world.alice, "network_roster")]
    assert seen(world.carol) == []  # not listed, so not on the roster


def test_my_network_records_the_colleagues_it_names(world: World) -> None:
    services.save_tie_marks(
        survey_round=world.east_start, reporter=world.bob, colleague_id=world.alice.pk,
        knows=True, worked_with=False, go_to_for_help=False,
    )
    signed_in(world.alice).get(reverse("network:mine", args=[world.programme.pk]))
    assert seen(world.alice) == []
    assert seen(world.bob) == [viewed(world.alice, "network_contacts")]


def test_the_leads_map_records_only_the_people_it_names(world: World) -> None:
    _listed_in_east(world, 6)
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    page = signed_in(world.lena).get(reverse("network:map", args=[world.programme.pk, world.east_start.pk]))
    assert page.status_code == 200 and "Alice Acute" in page.text
    assert seen(world.alice) == [viewed(world.lena, "network_map")]
    assert seen(world.bob) == []
    assert AuditEvent.objects.filter(what="network_map").count() == 1


def test_a_funders_map_names_nobody_and_records_nothing(world: World) -> None:
    _listed_in_east(world, 6)
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    signed_in(world.fiona).get(reverse("network:map", args=[world.programme.pk, world.east_start.pk]))
    assert not AuditEvent.objects.filter(what="network_map").exists()
