"""Goals and rounds take their dates in the three NHS.UK date boxes: reviewing a goal without
touching its date keeps it, and a round's dates survive a page shown again with an error."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.development import catalogue, services
from commonground.development.models import Goal, Instrument, Round
from tests.conftest import World
from tests.forms import date_boxes, submitted


def _url(name: str, world: World, *args: int) -> str:
    return reverse(f"development:{name}", args=[world.programme.pk, *args])


def test_reviewing_a_goal_without_touching_its_date_keeps_it(client: Client, world: World) -> None:
    goal = services.save_goal(
        person=world.alice, programme=world.programme, what="Meet the housing team",
        by_when=dt.date(2027, 1, 31),
    )
    client.force_login(world.alice)
    url = _url("goal-edit", world, goal.pk)
    data = submitted(client.get(url).text, containing="what")
    assert (data["by_when_day"], data["by_when_month"], data["by_when_year"]) == (["31"], ["1"], ["2027"])
    data["status"] = "achieved"
    assert client.post(url, data).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.by_when) == ("achieved", dt.date(2027, 1, 31))


def test_a_goal_takes_a_new_date_from_the_boxes_and_refuses_an_impossible_one(
    client: Client, world: World
) -> None:
    client.force_login(world.alice)
    response = client.post(_url("goals", world), {
        "what": "Co-chair the frailty review", "status": "not_started",
        "by_when_day": "31", "by_when_month": "4", "by_when_year": "2027",
    })
    assert response.status_code == 400
    assert "By when: Date must be a real date." in response.text
    assert not Goal.objects.exists()
    client.post(_url("goals", world), {
        "what": "Co-chair the frailty review", "status": "not_started",
        **date_boxes("by_when", dt.date(2027, 4, 30)),
    })
    assert Goal.objects.get().by_when == dt.date(2027, 4, 30)


def test_a_rounds_dates_come_back_in_the_boxes_after_an_error(client: Client, world: World) -> None:
    client.force_login(world.lena)
    today = timezone.localdate()
    opens, closes = today + dt.timedelta(days=30), today + dt.timedelta(days=50)
    url = _url("rounds", world)
    response = client.post(url, {
        "instrument": Instrument.objects.get(key=catalogue.SELF_ASSESSMENT).pk, "kind": "end",
        **date_boxes("opens_on", opens), **date_boxes("closes_on", opens),
    })
    assert response.status_code == 400
    assert "Closes on (end of the day before): The round must close after it opens." in response.text
    data = submitted(response.text, containing="opens_on_day")
    data.update(date_boxes("closes_on", closes))
    assert client.post(url, data).status_code == 302
    survey_round = Round.objects.get()
    tz = timezone.get_current_timezone()
    assert (survey_round.opens_at, survey_round.closes_at) == (
        dt.datetime.combine(opens, dt.time(0), tzinfo=tz),
        dt.datetime.combine(closes, dt.time(0), tzinfo=tz),
    )
