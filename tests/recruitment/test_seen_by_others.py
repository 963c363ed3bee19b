"""Recruitment's pages about named applicants are in the audit trail: the applications list, the
review queue (and its preview), one application's page, the sponsor's emailed link and a sponsor's
list of nominations. Each applicant sees who looked on their "Who has seen my data" page."""

from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditEvent
from commonground.recruitment.models import Application, Nomination
from tests.accounts.seen import seen, signed_in, viewed
from tests.conftest import World
from tests.recruitment import objects


def test_the_applications_list_and_the_review_queue_record_each_applicant_on_the_page(world: World) -> None:
    dana, eli = objects.application(world, "Dana Applicant"), objects.application(world, "Eli Applicant")
    lena = signed_in(world.lena)
    assert lena.get(reverse("recruitment:applications", args=[world.programme.pk])).status_code == 200
    assert lena.get(reverse("recruitment:review", args=[world.programme.pk])).status_code == 200
    for application in (dana, eli):
        assert seen(application.person) == [viewed(world.lena, "applications")] * 2
    queue = AuditEvent.objects.filter(what="applications", subject_id=dana.person_id).order_by("pk").last()
    assert queue is not None and "seniority" in queue.fields and queue.programme_id == world.programme.pk


def test_the_review_preview_records_the_people_it_names(world: World) -> None:
    nobody = objects.application(world, "Nat Nocohort", cohort=None)
    nobody.cohort = None
    nobody.save(update_fields=["cohort"])
    response = signed_in(world.lena).post(
        reverse("recruitment:decide", args=[world.programme.pk]),
        {"application": [nobody.pk], "preview": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Nat Nocohort" in response.text
    assert seen(nobody.person) == [viewed(world.lena, "applications")]


def test_an_applications_page_is_one_insert_with_the_access_needs_as_their_own_line(world: World) -> None:
    application = objects.application(world, access_needs="A hearing loop")
    lena = signed_in(world.lena)
    before = AuditEvent.objects.count()
    lena.get(reverse("recruitment:application-detail", args=[world.programme.pk, application.pk]))
    assert AuditEvent.objects.count() == before + 2
    assert sorted(seen(application.person)) == sorted(
        [viewed(world.lena, "application"), viewed(world.lena, "access_needs")]
    )


def test_the_sponsors_emailed_link_is_recorded_as_seen_through_it(world: World) -> None:
    token = objects.sponsor_token(world)
    response = Client().get(reverse("recruitment:support", args=[token]))
    assert response.status_code == 200 and "Sid Supported" in response.text
    (row,) = AuditEvent.objects.filter(what="sponsor_request")
    sid = Application.objects.get(person__full_name="Sid Supported")
    assert (row.actor_id, row.subject_id, row.object_id) == (None, sid.person_id, sid.pk)
    assert seen(sid.person) == [
        ("Someone with an emailed link", "Viewed", "your application, from the link sent to your sponsor")
    ]


def test_a_sponsors_list_of_nominations_records_the_nominees_who_applied(world: World) -> None:
    objects.nomination_token(world)
    nina = objects.application(world, "Nina Nominee")
    Nomination.objects.update(application=nina)
    page = signed_in(world.sam).get(reverse("recruitment:nominate", args=[world.programme.pk]))
    assert page.status_code == 200 and "Nina Nominee" in page.text
    assert seen(nina.person) == [viewed(world.sam, "nomination")]
