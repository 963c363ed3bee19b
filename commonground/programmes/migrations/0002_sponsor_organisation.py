"""Sponsors see the people of an organisation named on their membership, not of the one on their profile.

Existing sponsor memberships take the organisation their person has today, so nobody sees more or
less than before. A sponsor membership whose person has no organisation let them see nobody; it
cannot name an organisation, so it is removed (a lead grants the role again, naming one).
"""

import django.db.models.deletion
from django.db import migrations, models


def name_sponsor_organisations(apps, schema_editor):  # type: ignore[no-untyped-def]
    Membership = apps.get_model("programmes", "Membership")
    sponsors = Membership.objects.filter(role="sponsor").select_related("person")
    for membership in sponsors.iterator(chunk_size=2000):
        if membership.person.organisation_id is None:
            membership.delete()
        else:
            membership.organisation_id = membership.person.organisation_id
            membership.save(update_fields=["organisation"])


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0001_initial"),
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="For sponsors only: the organisation whose participants they see.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sponsor_memberships",
                to="programmes.organisation",
            ),
        ),
        migrations.RunPython(name_sponsor_organisations, migrations.RunPython.noop),
    ]
