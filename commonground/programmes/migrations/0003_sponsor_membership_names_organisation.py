"""A sponsor membership always names its organisation, and no other membership does.

Separate from the data migration before it, so PostgreSQL alters the table in a transaction with no
pending row updates.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0002_sponsor_organisation"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("role", "sponsor"), ("organisation__isnull", False)),
                    models.Q(models.Q(("role", "sponsor"), _negated=True), ("organisation__isnull", True)),
                    _connector="OR",
                ),
                name="sponsor_membership_names_organisation",
            ),
        ),
    ]
