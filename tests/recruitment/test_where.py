"""Recruitment reads where people work in the programme's system.

Alice, Bob and the sponsor also work in another system (for "Elsewhere Trust", a primary care
organisation, at "Elsewhere Place"): quota figures must count participants by their organisation
and sector in the programme's system, and a nomination starts from the sponsor's place there.
"""

from django.test import Client
from django.urls import reverse

from commonground.programmes import affiliations
from commonground.programmes.models import Organisation, Place, Sector
from commonground.recruitment.models import EligibilityRule
from commonground.recruitment.queries import cohort_figures
from tests import factories
from tests.conftest import World
from tests.factories import Elsewhere
from tests.recruitment import objects


def test_quota_figures_count_participants_by_their_organisation_here(
    world: World, rule: EligibilityRule, elsewhere: Elsewhere
) -> None:
    elsewhere.takes(world.alice, world.bob)
    east = cohort_figures(world.programme)[world.east.pk]
    acute = Organisation.objects.get(name="Surrey Acute")
    council = Organisation.objects.get(name="County Council")
    assert east.participants == 2
    assert dict(east.by_organisation) == {acute.pk: 1, council.pk: 1}
    assert dict(east.by_sector) == {Sector.NHS_ACUTE: 1, Sector.ADULT_SOCIAL_CARE: 1}
    assert east.organisation_names == {acute.pk: "Surrey Acute", council.pk: "County Council"}


def test_a_participant_with_no_organisation_here_counts_as_none_not_as_elsewhere(
    world: World, rule: EligibilityRule, elsewhere: Elsewhere
) -> None:
    elsewhere.takes(world.carol)
    # Nothing recorded in the programme's system any more: the writer removes an empty affiliation.
    affiliations.record(person_id=world.carol.pk, system_id=world.programme.system_id, work=affiliations.Work())
    west = cohort_figures(world.programme)[world.west.pk]
    assert west.participants == 1
    assert dict(west.by_organisation) == {0: 1}
    assert elsewhere.organisation.pk not in west.by_organisation
    assert dict(west.by_sector) == {"": 1}


def test_a_nomination_starts_from_the_sponsors_place_here(world: World, elsewhere: Elsewhere) -> None:
    west_place = Place.objects.get(name="Guildford and Waverley")
    factories.affiliate(world.sam, organisation=Organisation.objects.get(name="Surrey Acute"), place=west_place)
    elsewhere.takes(world.sam)
    token = objects.nomination_token(world)
    page = Client().get(reverse("recruitment:nomination-confirm", args=[token]))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["place"] == west_place.pk
    assert form.initial["organisation"] == Organisation.objects.get(name="Surrey Acute").pk
