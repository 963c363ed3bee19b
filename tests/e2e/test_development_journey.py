"""Alice gives consent, answers her baseline, (time passes) answers the end survey and sees her change;
Lena, the lead, then sees the programme's change with the small West cohort hidden (and the East
cohort with it, since the programme-wide row would give West away)."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.development import catalogue, services
from commonground.development.models import Round, RoundKind
from commonground.programmes.models import Organisation, Role
from tests import factories
from tests.conftest import PASSWORD, World
from tests.development import objects
from tests.e2e.checks import assert_accessible, open_menu, screenshot, sign_in, table_rows


def _answer_every_question(tab: Page, value: int) -> None:
    # Right after a click the survey may still be loading, and locator.all() does not wait: without
    # this, nothing was ticked and an empty form was sent.
    radios = tab.locator(f"input[type=radio][value='{value}']")
    expect(radios.first).to_be_visible()
    for radio in radios.all():
        radio.check()
    tab.get_by_role("button", name="Save my answers").click()


def test_consent_baseline_end_and_the_cohort_figures(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    services.install_builtin_instruments()
    council = Organisation.objects.get(name="County Council")
    colleagues = []
    for i in range(6):
        person = factories.PersonFactory(
            full_name=f"Colleague {i}", email=f"c{i}@example.org", organisation=council
        )
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
        colleagues.append(person)
    for i in range(5):  # West: Carol and five who do not answer (a cohort of one hides its neighbour's size)
        person = factories.PersonFactory(full_name=f"Westie {i}", email=f"w{i}@example.org", organisation=council)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west)
    baseline = objects.east_self_assessment(world)
    objects.east_resilience(world)
    for person in [world.bob, *colleagues]:
        objects.answer_self_assessment(baseline, person, 3)
    # West: Carol alone, so every West figure is suppressed.
    west_baseline = objects.open_round(world, catalogue.SELF_ASSESSMENT, cohort=world.west)
    objects.answer_self_assessment(west_baseline, world.carol, 2)

    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    open_menu(tab, "My progress")
    expect(tab.get_by_role("heading", level=1)).to_have_text("My progress")
    assert_accessible(tab)

    # Consent comes first, separately, before any health question is shown.
    tab.get_by_role("link", name="Read about the resilience and wellbeing questions").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Resilience and wellbeing questions")
    assert_accessible(tab)
    tab.get_by_label("I agree to share my resilience and wellbeing answers on these terms").check()
    tab.get_by_role("button", name="Give my consent").click()
    expect(tab.get_by_text("Thank you. You can now answer")).to_be_visible()

    tab.get_by_role("link", name="Brief Resilience Scale: Baseline (East Surrey cohort)").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Brief Resilience Scale")
    assert_accessible(tab)
    _answer_every_question(
        tab, 4
    )  # items 1, 3, 5 count 4; reversed 2, 4, 6 count 6 − 4 = 2: mean 3
    expect(tab.get_by_text("Your answers are saved")).to_be_visible()

    tab.get_by_role(
        "link", name="Collaborative leadership self-assessment: Baseline (East Surrey cohort)"
    ).click()
    assert_accessible(tab)
    _answer_every_question(tab, 3)
    assert table_rows(tab, "Your scores by dimension")[0] == ["Shared purpose", "3.00", "–", "–"]
    assert table_rows(tab, "Resilience over time (Brief Resilience Scale, 1 to 5)")[0][1] == "3.00"

    # Time passes: the baseline closes and the end-of-programme round opens.
    now = timezone.now()
    Round.objects.filter(programme=world.programme).update(
        opens_at=now - dt.timedelta(days=240), closes_at=now - dt.timedelta(days=220)
    )
    end = objects.open_round(world, catalogue.SELF_ASSESSMENT, kind=RoundKind.END)
    for person in [world.bob, *colleagues]:
        objects.answer_self_assessment(end, person, 4)
    west_end = objects.open_round(
        world, catalogue.SELF_ASSESSMENT, cohort=world.west, kind=RoundKind.END
    )
    objects.answer_self_assessment(west_end, world.carol, 4)

    tab.reload()
    tab.get_by_role(
        "link",
        name="Collaborative leadership self-assessment: End of programme (East Surrey cohort)",
    ).click()
    _answer_every_question(tab, 4)  # a reversed question answered 4 counts 2: (4 + 4 + 2) / 3
    expect(tab.get_by_role("heading", level=1)).to_have_text("My progress")
    rows = table_rows(tab, "Your scores by dimension")
    assert rows[0] == ["Shared purpose", "3.00", "3.33", "+0.33"]
    assert [
        "System thinking",
        "3.00",
        "4.00",
        "+1.00",
    ] in rows  # the one dimension with no reversed question
    expect(
        tab.get_by_role("img", name="Bar chart of your collaborative leadership scores")
    ).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "participant-progress")

    tab.get_by_role("button", name="Sign out").click()
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    open_menu(tab, "Evaluation")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Programme evaluation")
    tab.locator("summary").filter(has_text="Each cohort's change").click()
    rows = table_rows(tab, "Collaborative leadership self-assessment: change per dimension")
    # Eight East people and Carol in the West: the programme-wide row is shown, so the East row is
    # hidden with Carol's (9 − 8 would give her change away). Seven changed by 1, Alice by 1/3,
    # Carol by 2: mean 1.04, s = 0.423, t(8) = 2.306, so ±0.33.
    everyone = [r for r in rows if r[0] == "All cohorts" and r[2] == "Shared purpose"]
    assert everyone == [
        [
            "All cohorts",
            "Baseline to end of programme",
            "Shared purpose",
            "9",
            "2.89",
            "3.93",
            "+1.04",
            "0.71 to 1.36",
        ]
    ]
    for cohort in ("East Surrey cohort", "Guildford and Waverley cohort"):
        hidden = [r for r in rows if r[0] == cohort]
        assert hidden and all(r[3:] == ["not shown"] for r in hidden)
    assert_accessible(tab)
    screenshot(tab, "lead-evaluation")
