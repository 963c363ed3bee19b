from django.urls import path

from commonground.privacy import (
    consents,
    views,
    views_retention,
    views_system,
    views_system_retention,
)

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my-data"),
    path("my-consents/", consents.my_consents, name="consents"),
    path("my-consents/<id:record_id>/withdraw/", consents.consent_withdraw, name="consent-withdraw"),
    path("data-map/", views.data_map, name="data-map"),
    path("data-map.csv", views.data_map_csv, name="data-map-csv"),
    path("<id:programme_id>/people/<id:person_id>/data/", views.person_data, name="person-data"),
    path("<id:programme_id>/people/<id:person_id>/erase/", views.person_erase, name="person-erase"),
    path("<id:programme_id>/retention/", views_retention.retention_page, name="retention"),
    # A system administrator's: someone whose data spans several of the system's programmes.
    path("systems/<id:system_id>/people/", views_system.people, name="system-people"),
    path("systems/<id:system_id>/people/<id:person_id>/data/", views_system.person_data, name="system-person-data"),
    path("systems/<id:system_id>/people/<id:person_id>/erase/", views_system.person_erase, name="system-person-erase"),
    # A system administrator's: every programme's retention periods, and a run now.
    path("systems/<id:system_id>/retention/", views_system_retention.system_retention, name="system-retention"),
    path(
        "systems/<id:system_id>/retention/<id:programme_id>/periods/",
        views_system_retention.system_retention_periods,
        name="system-retention-periods",
    ),
    path(
        "systems/<id:system_id>/retention/<id:programme_id>/run/",
        views_system_retention.system_retention_run,
        name="system-retention-run",
    ),
]
