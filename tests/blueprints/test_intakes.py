"""Saving a programme as a template and starting the next intake from it (blueprints.services)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.blueprints import services, shipped
from commonground.blueprints.models import Intake, ProgrammeTemplate
from commonground.blueprints.queries import blueprint_of, next_intake
from commonground.development.models import Round
from commonground.network import services as network
from commonground.network.models import SurveyRound
from commonground.programmes.models import BudgetLine, Cohort, Funder, Membership, Programme, Role
from commonground.recruitment import queries as recruitment
from commonground.recruitment.models import EligibilityRule, Quota
from commonground.schedule.models import Module, Session
from tests import factories
from tests.blueprints.objects import LONDON, at, shaped, template
from tests.conftest import World

pytestmark = pytest.mark.django_db

NEXT_START = dt.date(2027, 9, 7)  # a Tuesday, as 1 September 2026 was: 371 days later
SHIFT = NEXT_START - dt.date(2026, 9, 1)


def start(w: World, **kwargs: object) -> Programme:
    return services.start_programme(
        template(w), system=w.programme.system, title="Heartlands 500, second intake", starts_on=NEXT_START,
        by=w.lena, **kwargs,  # type: ignore[arg-type]
    )


def test_every_session_moves_by_the_same_days_and_keeps_its_london_time(world: World) -> None:
    new = start(world)
    old = {s.title: s for s in Session.objects.filter(programme=world.programme)}
    moved = {s.title: s for s in Session.objects.filter(programme=new)}
    assert set(moved) == set(old)
    for title, session in moved.items():
        before, after = timezone.localtime(old[title].starts_at), timezone.localtime(session.starts_at)
        assert after.date() - before.date() == SHIFT
        assert (after.hour, after.minute) == (before.hour, before.minute)  # across a change of the clocks too
    summit = moved["System summit"]
    assert not summit.cohorts.exists()
    assert timezone.localtime(moved["Leading across boundaries (Guildford and Waverley cohort)"].starts_at) == at(
        dt.date(2027, 3, 30) + SHIFT, 9, 30
    )


def test_a_session_open_to_the_whole_system_stays_open_in_the_next_intake(world: World) -> None:
    programme = shaped(world)
    Session.objects.filter(programme=programme, title="System summit").update(open_to_system=True)
    saved = services.save_as_template(programme, name="With an open summit", by=world.lena)
    new = services.start_programme(saved, system=programme.system, title="Heartlands 500, second intake",
                                   starts_on=NEXT_START, by=world.lena)
    opened = dict(Session.objects.filter(programme=new).values_list("title", "open_to_system"))
    assert opened["System summit"] is True
    assert [title for title, is_open in opened.items() if is_open] == ["System summit"]


def test_the_new_intake_has_the_same_cohorts_shifted_and_is_open_for_applications(world: World) -> None:
    new = start(world)
    assert (new.starts_on, new.ends_on) == (NEXT_START, dt.date(2027, 5, 31) + SHIFT)
    assert new.status == "recruiting" and recruitment.applications_open(new)
    cohorts = {c.name: c for c in Cohort.objects.filter(programme=new)}
    assert set(cohorts) == {"East Surrey cohort", "Guildford and Waverley cohort"}
    assert cohorts["East Surrey cohort"].place == world.east.place
    assert cohorts["East Surrey cohort"].starts_on == world.east.starts_on + SHIFT
    assert Membership.objects.filter(programme=new, person=world.lena, role=Role.LEAD).exists()
    assert not Membership.objects.filter(programme=new, role=Role.PARTICIPANT).exists()
    assert Intake.objects.get(programme=new).template.saved_from == world.programme


def test_quotas_and_who_may_apply_are_carried_over(world: World) -> None:
    new = start(world)
    quotas = sorted(Quota.objects.filter(cohort__programme=new).values_list(
        "cohort__name", "dimension", "sector", "min_share", "max_share"))
    assert quotas == [
        ("East Surrey cohort", "sector", "voluntary_community", 10, 100),
        ("Guildford and Waverley cohort", "organisation", "", 0, 25),
    ]
    rule = EligibilityRule.objects.get(programme=new)
    assert rule.allowed_seniority == ["frontline"] and rule.offer_days == 10
    assert list(rule.allowed_places.all()) == [world.east.place]


def test_modules_keep_their_partner_and_rounds_their_instrument(world: World) -> None:
    new = start(world)
    module = Module.objects.get(programme=new)
    assert (module.title, module.partner.name) == ("Leading across boundaries", "Community Action")  # type: ignore[union-attr]
    assert Session.objects.get(programme=new, module=module).title.startswith("Leading across boundaries")
    development = Round.objects.get(programme=new)
    assert development.instrument.key == "brief-resilience-scale" and development.cohort.name == "East Surrey cohort"  # type: ignore[union-attr]
    assert timezone.localtime(development.opens_at) == at(dt.date(2026, 8, 25) + SHIFT, 9)
    surveys = SurveyRound.objects.filter(programme=new).order_by("cohort__name")
    assert [r.cohort.name for r in surveys] == ["East Surrey cohort", "Guildford and Waverley cohort"]  # type: ignore[union-attr]
    was = timezone.localtime(world.east_start.opens_at)
    for r in surveys:  # to the minute, as a template keeps times
        now = timezone.localtime(r.opens_at)
        assert (now.date() - was.date(), now.hour, now.minute) == (SHIFT, was.hour, was.minute)


def test_budget_lines_come_with_it_and_the_systems_funders_are_not_doubled(world: World) -> None:
    new = start(world)
    assert list(BudgetLine.objects.filter(programme=new).values_list("name", "amount_budgeted")) == [
        ("Venues", Decimal("36000.00"))
    ]
    assert Funder.objects.filter(system=world.programme.system, name="Heartlands Charitable Trust").count() == 1
    assert [f.name for f in blueprint_of(ProgrammeTemplate.objects.get(name="Heartlands intake")).funders] == [
        "Heartlands Charitable Trust"
    ]


def test_a_failing_step_writes_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = template(world)
    counts = (Programme.objects.count(), Cohort.objects.count(), Session.objects.count(), Quota.objects.count())

    def refuse(**kwargs: object) -> None:
        raise ValidationError("The survey round is refused.")

    monkeypatch.setattr(network, "create_survey_round", refuse)
    with pytest.raises(ValidationError, match="survey round is refused"):
        services.start_programme(saved, system=world.programme.system, title="Second intake",
                                 starts_on=NEXT_START, by=world.lena)
    assert (Programme.objects.count(), Cohort.objects.count(), Session.objects.count(), Quota.objects.count()) == counts
    assert not Intake.objects.exists()


def test_bad_input_names_the_field_and_the_cohort(world: World) -> None:
    saved = template(world)
    elsewhere = factories.PlaceFactory(system=world.other_programme.system, name="Far Away")
    with pytest.raises(ValidationError) as refused:
        services.start_programme(
            saved, system=world.programme.system, title=world.programme.title, starts_on=NEXT_START, by=world.lena,
            places=[services.CohortChoice("East Surrey cohort", elsewhere, 0)],
        )
    messages = refused.value.message_dict
    assert messages["title"] == [f"{world.programme.system} already has a programme called Heartlands 500."]
    assert messages["places"] == [
        f"East Surrey cohort: Far Away is not a place of {world.programme.system}.",
        "East Surrey cohort: capacity must be at least 1.",
    ]
    assert Programme.objects.count() == 2


def test_a_template_of_another_system_cannot_be_started(world: World) -> None:
    saved = template(world)
    with pytest.raises(ValidationError, match="another system"):
        services.start_programme(saved, system=world.other_programme.system, title="Taken", starts_on=NEXT_START,
                                 by=world.oscar)


def test_choosing_places_leaves_out_the_other_cohorts_with_their_sessions(world: World) -> None:
    new = start(world, places=[services.CohortChoice("Guildford and Waverley cohort", world.west.place, 30)])
    assert list(Cohort.objects.filter(programme=new).values_list("name", "capacity")) == [
        ("Guildford and Waverley cohort", 30)
    ]
    assert sorted(Session.objects.filter(programme=new).values_list("title", flat=True)) == [
        "Leading across boundaries (Guildford and Waverley cohort)", "System summit",
    ]


def test_the_next_intake_is_the_later_programme_from_the_same_template(world: World) -> None:
    assert next_intake(world.programme) is None
    new = start(world)
    assert next_intake(world.programme) == new
    assert next_intake(new) is None


def test_the_shipped_template_is_there_and_starts_in_a_system_of_three_places() -> None:
    system = factories.SystemFactory(name="Wealdshire Partnership")
    places = [factories.PlaceFactory(system=system, name=n) for n in ("Ashby", "Brook", "Corley")]
    lead = factories.PersonFactory(email="lead@wealdshire.example")
    template = ProgrammeTemplate.objects.get(key=shipped.KEY)
    choices = services.default_choices(template, system)
    assert [(c.cohort, c.place) for c in choices] == [
        ("Place 1 cohort", places[0]), ("Place 2 cohort", places[1]), ("Place 3 cohort", places[2]),
        ("Place 4 cohort", None),
    ]
    new = services.start_programme(template, system=system, title="Wealdshire Leaders", starts_on=dt.date(2027, 1, 4),
                                   by=lead, places=choices[:3])
    assert list(Cohort.objects.filter(programme=new).order_by("starts_on").values_list("name", "capacity")) == [
        ("Ashby cohort", 100), ("Brook cohort", 100), ("Corley cohort", 100),
    ]
    # Each cohort: a launch, six module days, four learning-set meetings, a celebration; and the summit.
    assert Session.objects.filter(programme=new).count() == 3 * 12 + 1
    launch = Session.objects.get(programme=new, title="Launch day: Ashby cohort")
    assert timezone.localtime(launch.starts_at) == dt.datetime(2027, 1, 4, 9, 30, tzinfo=LONDON)
    assert Round.objects.filter(programme=new).count() == 3 * 6
    assert SurveyRound.objects.filter(programme=new).count() == 3 * 3
    assert BudgetLine.objects.filter(programme=new).count() == 6
    assert recruitment.applications_open(new)


def test_a_second_save_under_the_same_name_is_refused(world: World) -> None:
    template(world)
    with pytest.raises(ValidationError, match="already has a template called Heartlands intake"):
        services.save_as_template(world.programme, name="heartlands INTAKE", by=world.lena)
