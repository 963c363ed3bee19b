"""The privacy notice, cookies and accessibility statement: public, linked from every footer, and
naming each system's data controller as its administrator set it."""

from django.test import Client
from django.urls import reverse

from commonground.privacy import datamap
from tests.conftest import World


def test_the_notice_names_each_systems_controller_and_contact(world: World) -> None:
    system = world.programme.system
    page = Client().get(reverse("about:privacy"))
    assert page.status_code == 200 and "No system has named its data controller here yet" in page.text
    system.data_controller = "Heartlands Integrated Care Board"
    system.privacy_contact = "dpo@heartlands.example"
    system.save()
    page = Client().get(reverse("about:privacy"))
    assert "Heartlands Integrated Care Board" in page.text and "mailto:dpo@heartlands.example" in page.text
    assert world.other_programme.system.name not in page.text  # it named nobody
    assert reverse("privacy:data-map") in page.text


def test_every_page_links_the_notices_signed_in_or_not(world: World) -> None:
    signed_in = Client()
    signed_in.force_login(world.alice)
    for client, url in ((Client(), reverse("accounts:login")), (signed_in, reverse("programmes:profile"))):
        text = client.get(url).text
        for name in ("about:privacy", "about:cookies", "about:accessibility", "about:help", "privacy:data-map"):
            assert f'href="{reverse(name)}"' in text
    assert reverse("programmes:seen") in signed_in.get(reverse("programmes:profile")).text
    assert reverse("programmes:seen") not in Client().get(reverse("accounts:login")).text


def test_the_cookie_page_lists_the_cookies_the_site_sets(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    client.get(reverse("programmes:overview", args=[world.programme.pk]))
    page = Client().get(reverse("about:cookies")).text
    for name in client.cookies:
        assert f">{name}<" in page
    assert "30 minutes" in page


def test_the_data_map_is_public(world: World) -> None:
    page = Client().get(reverse("privacy:data-map"))
    assert page.status_code == 200 and all(k.title in page.text for k in datamap.KINDS)


def test_help_names_your_own_programme_team_and_nobody_elses(world: World) -> None:
    alice = Client()
    alice.force_login(world.alice)
    page = alice.get(reverse("about:help"))
    assert page.status_code == 200
    assert f"{world.programme.title}: {world.lena.full_name}" in page.text
    assert world.oscar.full_name not in page.text and world.other_programme.title not in page.text
    signed_out = Client().get(reverse("about:help"))
    assert signed_out.status_code == 200 and world.lena.full_name not in signed_out.text
    assert "I have lost the phone with my authenticator app" in signed_out.text
