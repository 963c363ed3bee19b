from django.urls import path

from commonground.network import views

app_name = "network"

urlpatterns = [
    path("<id:programme_id>/network/", views.home, name="home"),
    path("<id:programme_id>/network/consent/", views.consent, name="consent"),
    path("<id:programme_id>/network/rounds/<id:round_id>/", views.roster, name="roster"),
    path("<id:programme_id>/network/me/", views.mine, name="mine"),
    path("<id:programme_id>/network/figures/", views.figures, name="figures"),
    path("<id:programme_id>/network/figures/rounds/<id:round_id>/map/", views.network_map, name="map"),
]
