from django.urls import path

from commonground.codesign.views import interest, issues, outcomes, teams, workspace

app_name = "codesign"

P = "<id:programme_id>/"

urlpatterns = [
    # Issues: participants and staff read; participants and leads propose and support; leads moderate.
    path(P + "issues/", issues.issue_list, name="issue-list"),
    path(P + "issues/new/", issues.issue_new, name="issue-new"),
    path(P + "issues/<id:issue_id>/", issues.issue_detail, name="issue-detail"),
    path(P + "issues/<id:issue_id>/support/", issues.issue_support, name="issue-support"),
    path(P + "issues/<id:issue_id>/comments/", issues.comment_add, name="comment-add"),
    path(
        P + "issues/<id:issue_id>/comments/<id:comment_id>/hide/",
        issues.comment_hide,
        name="comment-hide",
    ),
    path(P + "issues/<id:issue_id>/state/", issues.issue_state, name="issue-state"),
    path(P + "issues/<id:issue_id>/merge/", issues.issue_merge, name="issue-merge"),
    path(P + "issues/audit/", issues.audit, name="audit"),
    path(P + "issues/interest/", interest.interest, name="interest"),
    # Challenge teams: leads form, review and publish per cohort; members and staff use the workspace.
    path(P + "cohorts/<id:cohort_id>/challenge-teams/", teams.formation, name="formation"),
    path(
        P + "cohorts/<id:cohort_id>/challenge-teams/form/",
        teams.formation_run,
        name="formation-run",
    ),
    path(
        P + "cohorts/<id:cohort_id>/challenge-teams/move/",
        teams.formation_move,
        name="formation-move",
    ),
    path(
        P + "cohorts/<id:cohort_id>/challenge-teams/publish/",
        teams.formation_publish,
        name="formation-publish",
    ),
    path(P + "challenge-teams/", teams.team_list, name="team-list"),
    path(P + "challenge-teams/<id:team_id>/", workspace.team, name="team"),
    path(
        P + "challenge-teams/<id:team_id>/milestones/",
        workspace.milestone_add,
        name="milestone-add",
    ),
    path(
        P + "challenge-teams/<id:team_id>/milestones/<id:milestone_id>/done/",
        workspace.milestone_done,
        name="milestone-done",
    ),
    path(P + "challenge-teams/<id:team_id>/updates/", workspace.update_add, name="update-add"),
    path(
        P + "challenge-teams/<id:team_id>/documents/", workspace.document_add, name="document-add"
    ),
    path(P + "challenge-teams/<id:team_id>/partner/", workspace.team_partner, name="team-partner"),
    # Outcomes and the showcase (members; funders too); a published showcase is public at its own address.
    path(P + "outcomes/new/", outcomes.outcome_new, name="outcome-new"),
    path(P + "showcase/", outcomes.showcase, name="showcase"),
    path(P + "showcase/publish/", outcomes.showcase_publish, name="showcase-publish"),
    path("showcase/<str:token>/", outcomes.public_showcase, name="public-showcase"),
]
