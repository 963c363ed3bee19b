"""Publishing a cohort's learning sets: participants see them, the encounters follow, and everyone
not yet told their set is mailed."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.grouping.models import LearningSet, LearningSetMember
from commonground.grouping.queries import cohort_sets, latest_run, score
from commonground.grouping.services.encounters import sync_encounters
from commonground.programmes.models import Cohort


@transaction.atomic
def publish_learning_sets(
    *, cohort: Cohort, notify: bool = True, now: dt.datetime | None = None, request: HttpRequest | None = None
) -> int:
    """Show the sets to participants, record who meets whom, and mail everyone not yet told their set.

    After sets were regenerated or people moved, "not yet told" is exactly the people whose set changed
    (see `runs.save_generated_sets` and `hand.move_person`), so publishing again mails only them. Returns how many
    people were mailed.
    """
    now = now or timezone.now()
    data = cohort_sets(cohort, latest_run(cohort))
    if not data.sets:
        raise ValidationError("There are no sets to publish. Generate them first.")
    broken = [b for b in score(data).broken if "keep apart" in b]
    if broken:
        raise ValidationError(
            "Not published: " + "; ".join(broken) + ". Move someone or generate again."
        )
    LearningSet.objects.filter(cohort=cohort, published_at__isnull=True).update(published_at=now)
    sync_encounters(
        cohort=cohort,
        groups=[[m.person_id for m in data.members[s.pk]] for s in data.sets],
        now=now,
    )
    told = 0
    if notify:
        link = absolute_reverse("grouping:my-set", cohort.programme_id)
        for learning_set in data.sets:
            members = data.members[learning_set.pk]
            for member in members:
                if member.notified_at is None:
                    _mail_set(
                        member=member,
                        learning_set=learning_set,
                        members=members,
                        cohort=cohort,
                        link=link,
                    )
                    told += 1
    # Those not yet told are exactly the people whose set this publication gives or changes.
    placed = [m.person_id for s in data.sets for m in data.members[s.pk] if m.notified_at is None]
    audit.changed_many(
        subject_ids=placed, what="learning_set_member", fields=["learning_set"], request=request,
        programme_id=cohort.programme_id,
    )
    LearningSetMember.objects.filter(cohort=cohort, notified_at__isnull=True).update(
        notified_at=now
    )
    return told


def _mail_set(
    *,
    member: LearningSetMember,
    learning_set: LearningSet,
    members: list[LearningSetMember],
    cohort: Cohort,
    link: str,
) -> None:
    context = {
        "person": member.person,
        "learning_set": learning_set,
        "cohort": cohort,
        "programme": cohort.programme,
        "mates": [m for m in members if m.person_id != member.person_id],
        "link": link,
    }
    send_templated_on_commit(
        "grouping/email/set_published",
        subject=f"Your learning set in {cohort.name}",
        to=member.person.email,
        context=context,
    )
