from django.urls import path

from balai.finance import views

app_name = "finance"

urlpatterns = [
    path("desa/<str:code>/", views.village, name="village"),
    path("desa/<str:code>/penyaluran/", views.transfer_add, name="transfer_add"),
    path("desa/<str:code>/impor/", views.siskeudes_import, name="import"),
    path("desa/<str:code>/bumdes/", views.bumdesa, name="bumdesa"),
    path("apbdes/<int:pk>/", views.apbdes_detail, name="apbdes"),
    path("apbdes/<int:pk>/baris/", views.line_add, name="line_add"),
    path("apbdes/<int:pk>/perubahan/", views.apbdes_amend, name="amend"),
    path("apbdes/<int:pk>/realisasi/", views.realisation, name="realisation"),
    path("apbdes/<int:pk>/semester-<int:semester>/", views.semester_report, name="semester"),
    path("apbdes/<int:pk>/<str:action>/", views.apbdes_action, name="action"),
    path("baris/<int:pk>/ubah/", views.line_edit, name="line_edit"),
    path("baris/<int:pk>/hapus/", views.line_delete, name="line_delete"),
    path("impor/berkas/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/berkas/<int:pk>/<str:action>/", views.import_action, name="import_action"),
    path("evaluasi/<str:code>/", views.evaluation_queue, name="queue"),
    path("bumdes/<str:code>/", views.bumdesa_overview, name="bumdesa_overview"),
    path("aturan/", views.rules, name="rules"),
    path("publik/<str:code>/", views.public_apbdes, name="public"),
    path("publik/<str:code>/<int:year>/poster.pdf", views.public_poster, name="poster"),
    path("publik/<str:code>/<int:year>/apbdes.xlsx", views.public_xlsx, name="open_data"),
]
