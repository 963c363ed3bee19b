"""Copy where people work into per-system affiliations, and the requests to change organisation.

Each person's organisation (with team, and place when it is in the same system) becomes an
affiliation in the organisation's system; a place in another system, or a place without an
organisation, becomes an affiliation in the place's system. Each request to change organisation
is copied with its system: the organisation's asked for, else the team's, else the one the
person works in, else that of their first programme; a request with none of these is dropped.
"""

from django.db import migrations


def copy_forward(apps, schema_editor):
    Person = apps.get_model("accounts", "Person")
    OldChange = apps.get_model("accounts", "OrganisationChange")
    Organisation = apps.get_model("programmes", "Organisation")
    Place = apps.get_model("programmes", "Place")
    Team = apps.get_model("programmes", "Team")
    Membership = apps.get_model("programmes", "Membership")
    Affiliation = apps.get_model("programmes", "Affiliation")
    Change = apps.get_model("programmes", "OrganisationChange")

    organisation_systems = dict(Organisation.objects.values_list("pk", "system_id"))
    place_systems = dict(Place.objects.values_list("pk", "system_id"))
    team_systems = dict(Team.objects.values_list("pk", "organisation__system_id"))
    affiliations = []
    person_systems = {}
    rows = Person.objects.filter(organisation__isnull=False) | Person.objects.filter(
        place__isnull=False
    )
    for person_id, organisation_id, team_id, place_id in rows.values_list(
        "pk", "organisation_id", "team_id", "place_id"
    ).order_by("pk"):
        org_system = organisation_systems.get(organisation_id)
        place_system = place_systems.get(place_id)
        if org_system is not None:
            person_systems[person_id] = org_system
            if team_id is not None and team_systems.get(team_id) != org_system:
                team_id = None
            affiliations.append(
                Affiliation(
                    person_id=person_id,
                    system_id=org_system,
                    organisation_id=organisation_id,
                    team_id=team_id,
                    place_id=place_id if place_system == org_system else None,
                )
            )
        if place_system is not None and place_system != org_system:
            affiliations.append(
                Affiliation(person_id=person_id, system_id=place_system, place_id=place_id)
            )
    Affiliation.objects.bulk_create(affiliations, batch_size=1000)

    first_programme_system = {}
    for person_id, system_id in Membership.objects.order_by("-pk").values_list(
        "person_id", "programme__system_id"
    ):
        first_programme_system[person_id] = system_id
    changes = []
    for old in OldChange.objects.order_by("pk"):
        system_id = (
            organisation_systems.get(old.organisation_id)
            or team_systems.get(old.team_id)
            or person_systems.get(old.person_id)
            or first_programme_system.get(old.person_id)
        )
        if system_id is None:
            continue
        changes.append(
            Change(
                person_id=old.person_id,
                system_id=system_id,
                organisation_id=old.organisation_id,
                team_id=old.team_id,
                status=old.status,
                requested_at=old.requested_at,
                decided_by_id=old.decided_by_id,
                decided_at=old.decided_at,
            )
        )
    Change.objects.bulk_create(changes, batch_size=1000)


def copy_back(apps, schema_editor):
    """The person's own fields stay while this runs backwards; only the requests go back."""
    OldChange = apps.get_model("accounts", "OrganisationChange")
    Change = apps.get_model("programmes", "OrganisationChange")
    OldChange.objects.bulk_create(
        (
            OldChange(
                person_id=c.person_id,
                organisation_id=c.organisation_id,
                team_id=c.team_id,
                status=c.status,
                requested_at=c.requested_at,
                decided_by_id=c.decided_by_id,
                decided_at=c.decided_at,
            )
            for c in Change.objects.order_by("pk")
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_affiliation_and_organisation_change"),
        ("accounts", "0005_organisation_change"),
    ]

    operations = [migrations.RunPython(copy_forward, copy_back)]
