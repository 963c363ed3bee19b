"""Ledger rows for consents given before the ledger existed.

Each listed roster choice, each choice to be named on maps and each health-data consent becomes a
record dated from the choice, under a `*-before-records` wording version: which words were on
screen then is not known (the health-data consent keeps its own copy of the statement). A
withdrawn health-data consent keeps its withdrawal date. Choices not to be listed were never a
consent, so they make no row.
"""

from django.db import migrations

BATCH_SIZE = 2000


def forwards(apps, schema_editor):
    ConsentRecord = apps.get_model("accounts", "ConsentRecord")
    RosterConsent = apps.get_model("network", "RosterConsent")
    HealthDataConsent = apps.get_model("development", "HealthDataConsent")
    rows = []
    for c in RosterConsent.objects.filter(listed=True).iterator():
        rows.append(ConsentRecord(
            person_id=c.person_id, programme_id=c.programme_id, purpose="roster",
            wording_version="roster-before-records", given_at=c.decided_at,
        ))
        if c.named_on_maps:
            rows.append(ConsentRecord(
                person_id=c.person_id, programme_id=c.programme_id, purpose="named_on_maps",
                wording_version="named_on_maps-before-records", given_at=c.decided_at,
            ))
    for c in HealthDataConsent.objects.filter(given_at__isnull=False).iterator():
        withdrawn = max(c.withdrawn_at, c.given_at) if c.withdrawn_at else None
        rows.append(ConsentRecord(
            person_id=c.person_id, programme_id=c.programme_id, purpose="health_data",
            wording_version="health_data-before-records", given_at=c.given_at, withdrawn_at=withdrawn,
        ))
    ConsentRecord.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def backwards(apps, schema_editor):
    ConsentRecord = apps.get_model("accounts", "ConsentRecord")
    ConsentRecord.objects.filter(wording_version__endswith="-before-records").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_consent_records"),
        ("network", "0001_initial"),
        ("development", "0005_remove_round_session_ref"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
