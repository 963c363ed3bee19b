from django.urls import path

from commonground.reporting import views, views_board, views_system

app_name = "reporting"

P = "programmes/<id:programme_id>/reports/"

urlpatterns = [
    path(P, views.packs, name="packs"),
    path(P + "<id:pack_id>/", views.pack, name="pack"),
    path(P + "<id:pack_id>/status/", views.pack_status, name="pack-status"),
    path(P + "<id:pack_id>/report.pdf", views.download, {"kind": "pdf"}, name="pack-pdf"),
    path(P + "<id:pack_id>/report.xlsx", views.download, {"kind": "xlsx"}, name="pack-xlsx"),
    path(P + "<id:pack_id>/sign-off/", views.sign_off, name="pack-sign-off"),
    path(P + "<id:pack_id>/delete/", views.discard, name="pack-delete"),
    path("systems/<id:system_id>/board/", views_board.board, name="board"),
    path("systems/<id:system_id>/board/board.xlsx", views_board.board_file, {"kind": "xlsx"}, name="board-xlsx"),
    path("systems/<id:system_id>/board/board.pdf", views_board.board_file, {"kind": "pdf"}, name="board-pdf"),
    path("systems/<id:system_id>/", views_system.system, name="system"),
    path("systems/<id:system_id>/system-view.csv", views_system.system_file, {"fmt": "csv"}, name="system-csv"),
    path("systems/<id:system_id>/system-view.xlsx", views_system.system_file, {"fmt": "xlsx"}, name="system-xlsx"),
    path("systems/<id:system_id>/places/<id:place_id>/", views_system.place, name="system-place"),
]
