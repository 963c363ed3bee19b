"""The text ref gives way to `Round.session`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("development", "0004_fill_round_session")]

    operations = [migrations.RemoveField(model_name="round", name="session_ref")]
