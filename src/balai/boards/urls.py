from django.urls import path

from balai.boards import views

# Mounted under /indikator/ before the indicator browser (whose "<code>/" would
# otherwise take these paths).
app_name = "boards"
urlpatterns = [
    path("kesenjangan/", views.gap_table, name="gap"),
    path("kesenjangan.csv", views.gap_table, {"fmt": "csv"}, name="gap_csv"),
    path("kesenjangan.xlsx", views.gap_table, {"fmt": "xlsx"}, name="gap_xlsx"),
    path("kartu-skor/kecamatan/", views.scorecard_kecamatan, name="scorecard_kecamatan"),
    path(
        "kartu-skor/kecamatan.pdf",
        views.scorecard_kecamatan,
        {"fmt": "pdf"},
        name="scorecard_kecamatan_pdf",
    ),
    path(
        "kartu-skor/kecamatan.xlsx",
        views.scorecard_kecamatan,
        {"fmt": "xlsx"},
        name="scorecard_kecamatan_xlsx",
    ),
    path("kartu-skor/kabupaten/", views.scorecard_kabupaten, name="scorecard_kabupaten"),
    path(
        "kartu-skor/kabupaten.pdf",
        views.scorecard_kabupaten,
        {"fmt": "pdf"},
        name="scorecard_kabupaten_pdf",
    ),
    path(
        "kartu-skor/kabupaten.xlsx",
        views.scorecard_kabupaten,
        {"fmt": "xlsx"},
        name="scorecard_kabupaten_xlsx",
    ),
    path("desa/<str:code>/", views.village_profile, name="village_profile"),
]
