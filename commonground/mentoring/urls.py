from django.urls import path

from commonground.mentoring.views import buddies, coordinator, mine

app_name = "mentoring"

P = "<id:programme_id>/mentoring/"
M = P + "matches/<id:match_id>/"

urlpatterns = [
    # The coordinator (the programme lead): mentors, rules, the line-management list, runs, approval, buddies.
    path(P + "coordinate/", coordinator.page, name="coordinator"),
    path(P + "coordinate/offers/", coordinator.offer_save, name="offer-save"),
    path(P + "coordinate/rules/", coordinator.rules_save, name="rules-save"),
    path(P + "coordinate/line-management/", coordinator.line_import, name="line-import"),
    path(P + "coordinate/run/", coordinator.run, name="run"),
    path(P + "coordinate/approve-all/", coordinator.approve_all, name="approve-all"),
    path(M + "approve/", coordinator.approve, name="match-approve"),
    path(P + "cohorts/<id:cohort_id>/buddies/", buddies.page, name="buddies"),
    path(P + "cohorts/<id:cohort_id>/buddies/propose/", buddies.propose, name="buddies-propose"),
    path(P + "cohorts/<id:cohort_id>/buddies/approve/", buddies.approve, name="buddies-approve"),
    # Mentees and mentors (members or not): their matches, preferences, acceptance, meetings, endings.
    path(P, mine.page, name="mine"),
    path(P + "preferences/", mine.preferences, name="preferences"),
    path(M + "accept/", mine.accept, name="match-accept"),
    path(M + "decline/", mine.decline, name="match-decline"),
    path(M + "meetings/", mine.meeting, name="match-meeting"),
    path(M + "end/", mine.end, name="match-end"),
]
