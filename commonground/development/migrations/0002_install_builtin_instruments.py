"""Ship the built-in instruments (version 1 of each) with every installation."""

from django.db import migrations


def install(apps, schema_editor):
    from commonground.development.catalogue import BUILTIN

    Instrument = apps.get_model("development", "Instrument")
    InstrumentVersion = apps.get_model("development", "InstrumentVersion")
    for spec in BUILTIN:
        instrument, created = Instrument.objects.get_or_create(
            key=spec["key"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "is_health_data": spec["is_health_data"],
                "kirkpatrick_level": spec["kirkpatrick_level"],
            },
        )
        if not InstrumentVersion.objects.filter(instrument=instrument).exists():
            InstrumentVersion.objects.create(
                instrument=instrument, number=1, definition=spec["definition"],
                citation=spec["citation"], licence_note=spec["licence_note"],
            )


class Migration(migrations.Migration):
    dependencies = [("development", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
