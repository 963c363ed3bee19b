"""The map of places counts the listed alumni whose place is shown to the viewer, each count
through disclosure control: 1 to 4 are not shown, 0 and 5 or more are."""

from django.test import Client
from django.urls import reverse

from commonground.alumni import queries
from commonground.alumni.figures import map_places
from commonground.alumni.map_svg import MapPlace, places_svg
from commonground.alumni.models import Audience
from commonground.core.disclosure import THRESHOLD
from tests import factories
from tests.alumni import objects as al
from tests.conftest import World


def crowd(world: World, place, n: int, audience: str = Audience.MEMBERS) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        entry = al.another_alumnus(world, f"{place.name} {audience} {i}", place=place)
        al.share(entry, audience, keys=("place",))


def test_small_counts_are_suppressed_and_the_rest_shown(world: World) -> None:
    al.alice_is_alumna(world)
    quiet = factories.PlaceFactory(system=world.programme.system, name="North West Surrey")
    crowd(world, world.east.place, THRESHOLD)
    crowd(world, world.west.place, THRESHOLD - 1)
    crowd(world, quiet, THRESHOLD, audience=Audience.ALUMNI)
    for person, quiet_count in ((world.alice, THRESHOLD), (world.bob, 0)):
        places = {p.name: p.count for p in map_places(queries.viewer(person, world.programme.system_id))}
        assert places == {world.east.place.name: THRESHOLD, world.west.place.name: None, quiet.name: quiet_count}


def test_each_place_links_to_the_directory_filtered_by_it(world: World) -> None:
    al.alice_is_alumna(world)
    crowd(world, world.east.place, THRESHOLD)
    client = Client()
    client.force_login(world.bob)
    page = client.get(reverse("alumni:map", args=[world.programme.system_id]))
    link = reverse("alumni:directory", args=[world.programme.system_id]) + f"?place={world.east.place.pk}"
    assert page.text.count(f'href="{link}"') == 2  # the picture and its table
    filtered = client.get(link)
    assert len(filtered.context["shown"]) == THRESHOLD


def test_the_picture_sizes_circles_by_count_and_draws_hidden_counts_as_outlines() -> None:
    svg = places_svg(
        [MapPlace("Big", 20, "/a"), MapPlace("Small", 5, "/b"), MapPlace("Hidden", None, "/c")], title="Alumni"
    )
    assert svg.count("<a ") == 3 and ">20 alumni<" in svg and ">not shown<" in svg
    assert 'stroke-dasharray="4 3"' in svg
    assert places_svg([MapPlace("A", 1, "/")], title="x") == places_svg([MapPlace("A", 1, "/")], title="x")
