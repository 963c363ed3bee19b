"""A lead sets the completion rule: within the module days scheduled, refused with the field named,
and every change in the programme's audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent
from commonground.programmes.models import Programme
from commonground.schedule import completion
from tests.conftest import World
from tests.schedule.completion_objects import build

FIELD = "min_module_days_to_complete"


def url(world: World) -> str:
    return reverse("schedule:completion-rule", args=[world.programme.pk])


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def trail(world: World) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(programme_id=world.programme.pk, what="completion_rule"))


def test_the_page_states_the_default_rule_in_words(world: World) -> None:
    build(world)
    page = signed_in(world.lena).get(url(world)).text
    assert "attended at least 5 of 6 module days" in page
    assert "A number from 1 to 6: 6 module days are scheduled. Leave it empty for all but one." in page


def test_a_lead_sets_the_rule_and_the_change_is_in_the_audit_trail(world: World) -> None:
    build(world)
    response = signed_in(world.lena).post(url(world), {FIELD: "4"}, follow=True)
    assert response.redirect_chain == [(url(world), 302)]
    assert "Saved: a participant completes once they have attended at least 4 of 6 module days." in response.text
    assert Programme.objects.get(pk=world.programme.pk).min_module_days_to_complete == 4
    [event] = trail(world)
    assert (event.action, event.actor_id, event.object_id, event.fields, event.subject_id) == (
        AuditAction.CHANGED, world.lena.pk, world.programme.pk, [FIELD], None,
    )


def test_saving_the_same_rule_again_records_nothing_and_empty_goes_back_to_the_default(world: World) -> None:
    build(world)
    client = signed_in(world.lena)
    client.post(url(world), {FIELD: "4"})
    client.post(url(world), {FIELD: "4"})
    assert len(trail(world)) == 1
    client.post(url(world), {FIELD: ""})
    assert Programme.objects.get(pk=world.programme.pk).min_module_days_to_complete is None
    assert len(trail(world)) == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "Module days to attend must be at least 1."),
        ("7", "Module days to attend must be at most 6: 6 module days are scheduled."),
    ],
)
def test_a_rule_out_of_bounds_is_refused_with_the_field_named_and_changes_nothing(
    world: World, typed: str, message: str
) -> None:
    build(world)
    response = signed_in(world.lena).post(url(world), {FIELD: typed})
    assert response.status_code == 400
    assert message in response.text
    assert Programme.objects.get(pk=world.programme.pk).min_module_days_to_complete is None
    assert trail(world) == []


def test_the_service_checks_the_bounds_itself(world: World) -> None:
    build(world)
    with pytest.raises(ValidationError) as refused:
        completion.set_completion_rule(programme=world.programme, minimum=7)
    assert refused.value.message_dict == {FIELD: ["Module days to attend must be at most 6: 6 module days are scheduled."]}
    assert trail(world) == []


def test_only_the_lead_may_change_it(world: World) -> None:
    build(world)
    for person in (world.fred, world.alice, world.fiona, world.oscar):
        assert signed_in(person).post(url(world), {FIELD: "4"}).status_code == 404
    assert Programme.objects.get(pk=world.programme.pk).min_module_days_to_complete is None


def test_the_figures_page_links_the_lead_to_the_rule(world: World) -> None:
    build(world)
    figures = reverse("schedule:attendance-figures", args=[world.programme.pk])
    assert f'href="{url(world)}"' in signed_in(world.lena).get(figures).text
    as_facilitator = signed_in(world.fred).get(figures)  # the East days name nobody: Fred takes their registers
    assert as_facilitator.status_code == 200 and "attended at least 5 of 6 module days" in as_facilitator.text
    assert f'href="{url(world)}"' not in as_facilitator.text
