"""Fill `Round.session` from `session_ref` (the session's id as text).

A ref that is not a plain number, or names no session, leaves the round without one. Its own
migration, so that on PostgreSQL no row update shares a transaction with the column changes.
"""

import re

from django.db import migrations

BATCH_SIZE = 500
SESSION_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only, and within a 64-bit key


def fill(apps, schema_editor):
    Round = apps.get_model("development", "Round")
    Session = apps.get_model("schedule", "Session")
    wanted = {
        pk: int(ref)
        for pk, ref in Round.objects.exclude(session_ref="").values_list("pk", "session_ref")
        if SESSION_ID.fullmatch(ref)
    }
    existing = set(Session.objects.filter(pk__in=set(wanted.values())).values_list("pk", flat=True))
    rounds = [Round(pk=pk, session_id=sid) for pk, sid in wanted.items() if sid in existing]
    Round.objects.bulk_update(rounds, ["session"], batch_size=BATCH_SIZE)


def empty(apps, schema_editor):
    Round = apps.get_model("development", "Round")
    rounds = [
        Round(pk=pk, session_ref=str(sid))
        for pk, sid in Round.objects.filter(session__isnull=False).values_list("pk", "session_id")
    ]
    Round.objects.bulk_update(rounds, ["session_ref"], batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [("development", "0003_round_session"), ("schedule", "0001_initial")]

    operations = [migrations.RunPython(fill, empty)]
