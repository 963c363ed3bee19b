from django.urls import path

from commonground.alumni import views

app_name = "alumni"

S = "alumni/<id:system_id>/"

urlpatterns = [
    # An alumnus's own pages: 404 for anyone who did not complete one of the system's programmes.
    path("alumni/", views.home, name="home"),
    path(S + "entry/", views.entry, name="entry"),
    path(S + "entry/renew/", views.renew, name="renew"),
    path(S + "entry/leave/", views.opt_out, name="opt-out"),
    path(S + "offer/", views.offer, name="offer"),
    path(S + "offer/<id:programme_id>/withdraw/", views.offer_withdraw, name="offer-withdraw"),
    # The directory: the system's alumni and those taking part in its programmes; 404 for anyone else.
    path(S + "directory/", views.directory, name="directory"),
    path(S + "map/", views.places_map, name="map"),
]
