"""Where a person works lives only in their affiliations; 0007 copied whatever was missing."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_where_people_work_moves_to_affiliations"),
    ]

    operations = [
        migrations.RemoveField(model_name="person", name="organisation"),
        migrations.RemoveField(model_name="person", name="place"),
        migrations.RemoveField(model_name="person", name="team"),
    ]
