"""A sponsor's sight follows the lead's grant, in a real browser; and a lead decides on an application's page.

Sam sponsors Surrey Acute. He says on his profile that he now works for County Council: his profile
shows the request waiting, and his cohort page still lists Alice alone. Lena grants a new sponsor,
confirms Sam's move on "Changes of organisation", and Sam still sees Alice alone. Lena then offers
Dana a place from Dana's own application page.
"""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.recruitment.models import ApplicationStatus
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, open_menu, sign_in, table_rows
from tests.recruitment import objects


def test_a_sponsors_sight_follows_the_lead_and_a_lead_decides_on_the_application_page(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    base = live_server.url
    dana = objects.application(world, status=ApplicationStatus.SPONSOR_SUPPORTED, sponsor_email="sam@example.org")

    sign_in(tab, base, email="sam@example.org", password=PASSWORD)
    tab.goto(f"{base}/programmes/profile/")
    tab.get_by_label("Organisation").select_option(label="County Council")
    tab.get_by_role("button", name="Save your profile").click()
    expect(tab.get_by_role("status").first).to_contain_text("A programme lead will confirm")
    expect(tab.get_by_role("main")).to_contain_text("you asked to move to County Council")
    assert_accessible(tab)
    tab.goto(f"{base}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/")
    assert [row[0] for row in table_rows(tab, "1 participant")] == ["Alice Acute"]

    tab.context.clear_cookies()
    sign_in(tab, base, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{base}/programmes/{world.programme.pk}/")
    open_menu(tab, "Sponsors")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Sponsors")
    [sam] = table_rows(tab, "1 sponsor")
    assert "Sam Sponsor" in sam[0] and sam[1] == "Surrey Acute"
    tab.get_by_label("Their email address").fill("nadia@example.org")
    tab.get_by_label("Their full name").fill("Nadia New")
    tab.get_by_label("Organisation they sponsor").select_option(label="Community Action")
    tab.get_by_role("button", name="Grant the sponsor role").click()
    expect(tab.get_by_role("status").first).to_contain_text("Nadia New now sponsors Community Action")
    assert_accessible(tab)

    tab.get_by_role("link", name="Changes of organisation").first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Changes of organisation")
    assert_accessible(tab)
    tab.get_by_role("button", name="Confirm Sam Sponsor's move").click()
    expect(tab.get_by_role("status").first).to_contain_text("Sam Sponsor now works for County Council")

    tab.goto(f"{base}/programmes/{world.programme.pk}/recruitment/applications/{dana.pk}/")
    expect(tab.get_by_role("main")).to_contain_text("Supports")
    expect(tab.get_by_role("main")).not_to_contain_text("not answered yet")
    assert_accessible(tab)
    tab.get_by_label("Reason").fill("A strong case")
    tab.get_by_role("button", name="Offer a place", exact=True).click()
    expect(tab.get_by_role("status").first).to_contain_text("Decision recorded: offered a place.")

    tab.context.clear_cookies()
    sign_in(tab, base, email="sam@example.org", password=PASSWORD)
    tab.goto(f"{base}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/")
    assert [row[0] for row in table_rows(tab, "1 participant")] == ["Alice Acute"]
