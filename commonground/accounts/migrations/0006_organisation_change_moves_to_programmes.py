from django.db import migrations


class Migration(migrations.Migration):
    """Requests to change organisation now live in programmes, copied there first."""

    dependencies = [
        ("accounts", "0005_organisation_change"),
        ("programmes", "0005_copy_affiliations_and_changes"),
    ]

    operations = [migrations.DeleteModel(name="OrganisationChange")]
