from django.urls import path

from commonground.network import views

app_name = "network"

urlpatterns = [
    path("<int:programme_id>/network/", views.home, name="home"),
    path("<int:programme_id>/network/consent/", views.consent, name="consent"),
    path("<int:programme_id>/network/rounds/<int:round_id>/", views.roster, name="roster"),
    path("<int:programme_id>/network/me/", views.mine, name="mine"),
    path("<int:programme_id>/network/figures/", views.figures, name="figures"),
    path("<int:programme_id>/network/figures/rounds/<int:round_id>/map/", views.network_map, name="map"),
]
