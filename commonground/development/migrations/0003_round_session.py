"""A session's feedback round names its session by a foreign key, not by its id in text."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0002_install_builtin_instruments"),
        ("schedule", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="session",
            field=models.ForeignKey(
                blank=True,
                help_text="For session feedback: the session it follows.",
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="schedule.session",
            ),
        ),
    ]
