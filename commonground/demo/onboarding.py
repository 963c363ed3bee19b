"""A system part way through onboarding, so the site administrator's onboarding pages and a new
system's task list and checklist have something to show.

Ambervale was invited by the demo's site administrator five days ago. Its administrator (a demo
sign-in) has named its data controller, added its three places, imported organisations for two of
them and set up a draft first programme it leads; nobody works in the third place yet and who may
apply is not set, so the checklist names both and applications stay closed. Everything after the
invitation goes through onboarding's own writers; the invitation itself is written directly, so
seeding mails nobody (its sign-in link would have expired anyway).
"""

import datetime as dt

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.demo.offboarded import site_administrator
from commonground.demo.sign_in import DEMO_TOTP_SECRET
from commonground.onboarding.models import Onboarding
from commonground.onboarding.services.programme import Lead, save_first_programme
from commonground.onboarding.services.steps import confirm_sectors
from commonground.programmes import affiliations, system_setup
from commonground.programmes.models import Place, Programme, Sector, System, SystemAdmin

SYSTEM_NAME = "Ambervale Health and Care Partnership"
ADMIN_SIGN_IN = "newsystem@demo.example"
PLACES = (("Amber Coast", 180_000), ("Marsh Levels", 120_000), ("Fenwick", 90_000))
ORGANISATIONS = (
    ("Amber Coast Hospitals NHS Trust", "RX1", Sector.NHS_ACUTE, ("Amber Coast",)),
    ("Ambervale and Marsh Mental Health Partnership", "RX2", Sector.MENTAL_HEALTH, ("Amber Coast", "Marsh Levels")),
    ("Coastline Medical Practice", "Y81234", Sector.PRIMARY_CARE, ("Amber Coast",)),
    ("Marsh Levels District Council", "", Sector.DISTRICT_COUNCIL, ("Marsh Levels",)),
    ("Ambervale County Council", "", Sector.ADULT_SOCIAL_CARE, ("Amber Coast", "Marsh Levels")),
    ("Levels Community Action", "8EM01", Sector.VOLUNTARY_COMMUNITY, ("Marsh Levels",)),
)
INVITED_AGO = dt.timedelta(days=5)


def delete_onboarding_demo() -> None:
    """The earlier Ambervale and its administrator, before seeding again."""
    Programme.objects.filter(system__name=SYSTEM_NAME).delete()
    System.objects.filter(name=SYSTEM_NAME).delete()
    Person.objects.filter(email=ADMIN_SIGN_IN).delete()


def seed_onboarding_demo(*, demo_hash: str) -> Onboarding:
    delete_onboarding_demo()
    site_administrator(demo_hash)  # the demo's, who invited Ambervale
    admin = Person.objects.create(email=ADMIN_SIGN_IN, full_name="Ife Adeyemi", password=demo_hash,
                                  job_title="Head of organisational development, Ambervale ICB")
    TOTP.activate(admin, DEMO_TOTP_SECRET)  # a system's administrator is staff (README: the demo key)
    RecoveryCodes.activate(admin)
    assert Authenticator.objects.filter(user=admin).exists()
    system = System.objects.create(name=SYSTEM_NAME)
    SystemAdmin.objects.create(system=system, person=admin)
    onboarding = Onboarding.objects.create(system=system, invited_at=timezone.now() - INVITED_AGO)
    system_setup.save_details(system_id=system.pk, name=SYSTEM_NAME, short_name="Ambervale",
                              data_controller="NHS Ambervale Integrated Care Board (fictional, for the demo)",
                              privacy_contact="data.protection@ambervale-icb.example")
    places = {name: system_setup.add_place(system=system, name=name, population=population).pk
              for name, population in PLACES}
    # The administrator leads the draft programme, so where they work is recorded, as for every member.
    affiliations.record(person_id=admin.pk, system_id=system.pk,
                        work=affiliations.Work(place=Place.objects.get(pk=places["Amber Coast"])))
    system_setup.add_organisations(system=system, organisations=[
        system_setup.NewOrganisation(name, sector, code, tuple(places[p] for p in where))
        for name, code, sector, where in ORGANISATIONS
    ])
    confirm_sectors(system=system)
    starts_on = timezone.localdate() + dt.timedelta(days=150)
    save_first_programme(
        system=system, by=admin, title="Ambervale Leading Together", starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(weeks=34), capacities=dict.fromkeys(places.values(), 60), lead=Lead(),
    )
    onboarding.refresh_from_db()
    return onboarding
