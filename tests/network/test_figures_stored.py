"""The relationship figures and the map read their figures from the store.

The network analysis runs when something changes (here at once: the test task backend runs the
refresh inside the change), never on a page load, so the pages' queries do not grow with the
programme.
"""

import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.core import figure_store
from commonground.network import figures as network_figures
from commonground.network import services
from commonground.network.models import RosterConsent, TieReport
from commonground.programmes.models import Affiliation, Membership, Organisation, Role
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _tie(world: World, a: Person, b: Person) -> None:
    services.save_tie_marks(
        survey_round=world.east_start, reporter=a, colleague_id=b.pk, knows=True, worked_with=False, go_to_for_help=False
    )


def test_a_tie_saved_is_in_the_stored_figures_at_once(client: Client, world: World) -> None:
    client.force_login(world.lena)
    url = reverse("network:figures", args=[world.programme.pk])
    ties = f"network.round.{world.east_start.pk}.ties"
    assert client.get(url).context["figures"].publication.cells[ties] == 0
    _tie(world, world.alice, world.bob)
    after = client.get(url)
    assert after.context["figures"].publication.cells[ties] == 1
    assert "Figures computed at" in after.text


def _grow(world: World, people: int) -> None:
    """More listed East participants, each tied to the next."""
    charity = Organisation.objects.get(name="Community Action")
    crowd = Person.objects.bulk_create(
        [Person(email=f"listed{i}@example.org", full_name=f"Listed {i}") for i in range(people)]
    )
    Affiliation.objects.bulk_create([Affiliation(person=p, system=world.programme.system, organisation=charity) for p in crowd])
    Membership.objects.bulk_create(
        [Membership(person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east) for p in crowd]
    )
    RosterConsent.objects.bulk_create([RosterConsent(person=p, programme=world.programme, listed=True) for p in crowd])
    TieReport.objects.bulk_create(
        [TieReport(round=world.east_start, reporter=a, colleague=b, knows=True) for a, b in itertools.pairwise(crowd)]
    )
    figure_store.refresh_all(world.programme.pk)  # bulk writes say nothing: compute again by hand


@pytest.mark.parametrize("who", ["lena", "fiona"])
def test_the_pages_run_the_same_queries_at_any_size_and_never_run_the_analysis(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    client.force_login(getattr(world, who))
    urls = [
        reverse("network:figures", args=[world.programme.pk]),
        reverse("network:map", args=[world.programme.pk, world.east_start.pk]),
    ]
    for url in urls:
        client.get(url)  # computes and stores the figures; warms sessions and templates

    def not_on_a_request(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network analysis ran on a page load")

    def queries() -> list[int]:
        counts = []
        with monkeypatch.context() as patched:
            patched.setattr(network_figures, "publish", not_on_a_request)
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    assert client.get(url).status_code == 200
                counts.append(len(captured))
        return counts

    small = queries()
    _grow(world, 40)
    stored = figure_store.read(world.programme.pk, network_figures.NETWORK).value
    assert stored.publication is not None
    assert stored.publication.cells[f"network.{world.east.pk}.listed"] == 42
    if who == "lena":
        assert queries()[0] == small[0]  # the lead's map lists the people it names: only its figures are fixed
    else:
        assert queries() == small


def test_the_page_draws_the_published_figures_as_charts_with_their_tables(client: Client, world: World) -> None:
    _grow(world, 12)
    client.force_login(world.lena)
    page = client.get(reverse("network:figures", args=[world.programme.pk]))
    published = page.context["figures"]
    drawn = {chart.key: chart for chart in page.context["charts"]}
    assert set(drawn) == {"ties-by-round", "new-ties-across", "sectors-by-sector"}
    shown = [r for r in published.rounds if not r.suppressed]
    ties = {label: cells[0][1].text for label, cells in drawn["ties-by-round"].table}
    assert ties == {f"{r.label}: {r.kind}": ("not shown" if r.ties is None else str(r.ties)) for r in shown}
    assert drawn["new-ties-across"].empty  # one round each: nothing to compare yet
    for chart in drawn.values():
        assert str(chart.markup) in page.text and chart.title in page.text
