from django.urls import path

from commonground.codesign import views

app_name = "codesign"

P = "<id:programme_id>/"

urlpatterns = [
    # Issues: participants and staff read; participants and leads propose and support; leads moderate.
    path(P + "issues/", views.issue_list, name="issue-list"),
    path(P + "issues/new/", views.issue_new, name="issue-new"),
    path(P + "issues/<id:issue_id>/", views.issue_detail, name="issue-detail"),
    path(P + "issues/<id:issue_id>/support/", views.issue_support, name="issue-support"),
    path(P + "issues/<id:issue_id>/comments/", views.comment_add, name="comment-add"),
    path(
        P + "issues/<id:issue_id>/comments/<id:comment_id>/hide/",
        views.comment_hide,
        name="comment-hide",
    ),
    path(P + "issues/<id:issue_id>/state/", views.issue_state, name="issue-state"),
    path(P + "issues/<id:issue_id>/merge/", views.issue_merge, name="issue-merge"),
    path(P + "issues/audit/", views.audit, name="audit"),
    path(P + "issues/interest/", views.interest, name="interest"),
    # Challenge teams: leads form, review and publish per cohort; members and staff use the workspace.
    path(P + "cohorts/<id:cohort_id>/challenge-teams/", views.formation, name="formation"),
    path(
        P + "cohorts/<id:cohort_id>/challenge-teams/form/",
        views.formation_run,
        name="formation-run",
    ),
    path(
        P + "cohorts/<id:cohort_id>/challenge-teams/move/",
        views.formation_move,
        name="formation-move",
    ),
    path(
        P + "cohorts/<id:cohort_id>/challenge-teams/publish/",
        views.formation_publish,
        name="formation-publish",
    ),
    path(P + "challenge-teams/", views.team_list, name="team-list"),
    path(P + "challenge-teams/<id:team_id>/", views.team, name="team"),
    path(
        P + "challenge-teams/<id:team_id>/milestones/", views.milestone_add, name="milestone-add"
    ),
    path(
        P + "challenge-teams/<id:team_id>/milestones/<id:milestone_id>/done/",
        views.milestone_done,
        name="milestone-done",
    ),
    path(P + "challenge-teams/<id:team_id>/updates/", views.update_add, name="update-add"),
    path(P + "challenge-teams/<id:team_id>/documents/", views.document_add, name="document-add"),
    path(P + "challenge-teams/<id:team_id>/partner/", views.team_partner, name="team-partner"),
    # Outcomes and the showcase (members; funders too); a published showcase is public at its own address.
    path(P + "outcomes/new/", views.outcome_new, name="outcome-new"),
    path(P + "showcase/", views.showcase, name="showcase"),
    path(P + "showcase/publish/", views.showcase_publish, name="showcase-publish"),
    path("showcase/<str:token>/", views.public_showcase, name="public-showcase"),
]
