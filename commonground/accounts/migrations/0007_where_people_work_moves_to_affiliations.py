"""Where a person works now lives only in their affiliations (one per system, `programmes`).

Every save of the old fields was mirrored into affiliations since programmes 0005; before the
fields go (0008), any person whose organisation or place has no affiliation in its system gets one,
so nothing is lost whatever wrote the row. The copy and the removal are two migrations, so on
PostgreSQL the rows are committed before the table is altered.
"""

from django.db import migrations


def fill_missing(apps, schema_editor):
    Person = apps.get_model("accounts", "Person")
    Affiliation = apps.get_model("programmes", "Affiliation")
    have = set(Affiliation.objects.values_list("person_id", "system_id"))
    missing = []
    rows = Person.objects.exclude(organisation__isnull=True, place__isnull=True).values_list(
        "pk", "organisation_id", "organisation__system_id", "team_id", "team__organisation_id",
        "place_id", "place__system_id",
    )
    for pk, org, org_system, team, team_org, place, place_system in rows.iterator():
        if org is not None and (pk, org_system) not in have:
            same = place_system == org_system
            missing.append(Affiliation(
                person_id=pk, system_id=org_system, organisation_id=org,
                team_id=team if team_org == org else None, place_id=place if same else None,
            ))
            have.add((pk, org_system))
        if place is not None and (pk, place_system) not in have:
            missing.append(Affiliation(person_id=pk, system_id=place_system, place_id=place))
            have.add((pk, place_system))
    Affiliation.objects.bulk_create(missing, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_organisation_change_moves_to_programmes"),
        ("programmes", "0005_copy_affiliations_and_changes"),
    ]

    operations = [
        migrations.RunPython(fill_missing, migrations.RunPython.noop),
    ]
