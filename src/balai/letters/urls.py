from django.urls import path

from balai.letters.views import manage, public, resident, staff, survey

app_name = "letters"
urlpatterns = [
    path("", staff.queue, name="queue"),
    path("permohonan/baru/", staff.request_create, name="request_create"),
    path("permohonan/cari-penduduk/", staff.subject_search, name="subject_search"),
    path("permohonan/pilih-penduduk/", staff.subject_pick, name="subject_pick"),
    path("ekspor/", staff.request_export, name="request_export"),
    path("permohonan/<int:pk>/", staff.request_detail, name="request_detail"),
    path("permohonan/<int:pk>/status/", staff.request_move, name="request_move"),
    path("permohonan/<int:pk>/batalkan/", staff.request_void, name="request_void"),
    path("permohonan/<int:pk>/pratinjau.pdf", staff.request_draft_pdf, name="request_draft_pdf"),
    path("permohonan/<int:pk>/surat.pdf", staff.request_pdf, name="request_pdf"),
    path("permohonan/<int:pk>/dokumen/", staff.request_upload, name="request_upload"),
    path("permohonan/<int:pk>/dokumen/<int:doc>/", staff.request_document, name="request_document"),
    path("agenda/", staff.register, name="register"),
    path("templat/", manage.template_list, name="templates"),
    path("templat/<str:code>/", manage.template_edit, name="template_edit"),
    path("templat/<str:code>/pratinjau/", manage.template_preview, name="template_preview"),
    path("pengaturan/", manage.settings_edit, name="settings"),
    path("standar/", manage.standards_manage, name="standards_manage"),
    path("standar/adopsi/", manage.standards_adopt, name="standards_adopt"),
    path("standar/<int:pk>/ubah/", manage.standard_edit, name="standard_edit"),
    path("kinerja/", manage.compliance_view, name="compliance"),
    path("akun-warga/", manage.resident_code, name="resident_code"),
    # Public.
    path("desa/<str:code>/", public.standards_page, name="standards_public"),
    path("desa/<str:code>/standar.pdf", public.standards_poster, name="standards_poster"),
    path("desa/<str:code>/maklumat.pdf", public.maklumat, name="maklumat"),
    path("verifikasi/", public.verify_lookup, name="verify_lookup"),
    path("v/<str:code>/", public.verify, name="verify"),
    path("warga/masuk/", public.resident_login, name="resident_login"),
    path("warga/aktivasi/", public.resident_activate, name="resident_activate"),
    # Residents (logged in with NIK + PIN).
    path("warga/", resident.resident_home, name="resident_home"),
    path("warga/mohon/<str:code>/", resident.resident_request_create, name="resident_request"),
    path("warga/surat/<int:pk>.pdf", resident.resident_pdf, name="resident_pdf"),
    path("warga/surat/<int:pk>/diterima/", resident.resident_received, name="resident_received"),
    path("warga/surat/<int:pk>/survei/", survey.resident_survey, name="resident_survey"),
    path(
        "warga/permohonan/<int:pk>/dokumen/<int:doc>/",
        resident.resident_document,
        name="resident_document",
    ),
]
