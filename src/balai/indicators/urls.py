from django.urls import path

from balai.indicators import board_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("spm-desa/", views.spm_desa, name="spm_desa"),
    path("target/", views.targets, name="targets"),
    path("target/<int:pk>/hapus/", views.target_delete, name="target_delete"),
    path("kesenjangan/", board_views.gap_table, name="gap"),
    path("kesenjangan.csv", board_views.gap_table, {"fmt": "csv"}, name="gap_csv"),
    path("kesenjangan.xlsx", board_views.gap_table, {"fmt": "xlsx"}, name="gap_xlsx"),
    path("scorecard/kecamatan/", board_views.scorecard_kecamatan, name="scorecard_kecamatan"),
    path(
        "scorecard/kecamatan.pdf",
        board_views.scorecard_kecamatan,
        {"fmt": "pdf"},
        name="scorecard_kecamatan_pdf",
    ),
    path(
        "scorecard/kecamatan.xlsx",
        board_views.scorecard_kecamatan,
        {"fmt": "xlsx"},
        name="scorecard_kecamatan_xlsx",
    ),
    path("scorecard/kabupaten/", board_views.scorecard_kabupaten, name="scorecard_kabupaten"),
    path(
        "scorecard/kabupaten.pdf",
        board_views.scorecard_kabupaten,
        {"fmt": "pdf"},
        name="scorecard_kabupaten_pdf",
    ),
    path(
        "scorecard/kabupaten.xlsx",
        board_views.scorecard_kabupaten,
        {"fmt": "xlsx"},
        name="scorecard_kabupaten_xlsx",
    ),
    path("desa/<str:code>/", board_views.village_profile, name="village_profile"),
    path("<str:code>/", views.indicator_detail, name="detail"),
    path("<str:code>/belum-terlayani/", views.not_served, name="not_served"),
]
