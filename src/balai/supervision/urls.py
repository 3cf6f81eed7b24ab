from django.urls import URLPattern, URLResolver, path

from balai.supervision import feed_views, instrument_views, meeting_views, views

app_name = "supervision"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agenda, name="agenda"),
    path("kalender/", views.agenda_calendar, name="calendar"),
    path("agenda.ics", views.agenda_ical, name="ical"),
    path("kalender/tautan/", feed_views.feed_manage, name="feed_manage"),
    path("kalender/<str:key>.ics", feed_views.feed, name="feed"),
    path("kegiatan/baru/", views.activity_new, name="activity_new"),
    path("kegiatan/<int:pk>/", views.activity_detail, name="activity"),
    path("kegiatan/<int:pk>/batal/", views.activity_cancel, name="activity_cancel"),
    path("kunjungan/<int:pk>/", views.visit_detail, name="visit"),
    path("kunjungan/<int:pk>/mulai/", views.visit_start, name="visit_start"),
    path("kunjungan/<int:pk>/simpan/", views.visit_save, name="visit_save"),
    path("kunjungan/<int:pk>/foto/", views.visit_photo, name="visit_photo"),
    path("kunjungan/<int:pk>/temuan/", views.visit_finding, name="visit_finding"),
    path("kunjungan/<int:pk>/tandatangan/", views.visit_sign, name="visit_sign"),
    path("kunjungan/<int:pk>/laporan.pdf", views.visit_pdf, name="visit_pdf"),
    path("foto/<int:pk>/", views.visit_photo_file, name="photo"),
    path("tindak-lanjut/", views.followups, name="followups"),
    path("tindak-lanjut/<int:pk>/", views.followup_detail, name="followup"),
    path("tindak-lanjut/<int:pk>/jawab/", views.followup_answer, name="followup_answer"),
    path("tindak-lanjut/<int:pk>/verifikasi/", views.followup_verify, name="followup_verify"),
    path("bukti/<int:pk>/", views.followup_evidence, name="evidence"),
    path("rakor/", meeting_views.meetings, name="meetings"),
    path("rakor/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("rakor/<int:pk>/hadir/<str:token>/", meeting_views.meeting_sign, name="meeting_sign"),
    path(
        "rakor/<int:pk>/<str:action>/",
        meeting_views.meeting_action,
        name="meeting_action",
    ),
    path("rakor/<int:pk>/<str:doc>.pdf", meeting_views.meeting_pdf, name="meeting_pdf"),
    path("laporan-desa/", views.village_reports, name="reports"),
    path("ringkasan/", views.overview, name="overview"),
    path("instrumen/", instrument_views.instruments, name="instruments"),
    path("instrumen/baku/", instrument_views.instruments_defaults, name="instruments_defaults"),
    path("instrumen/<int:pk>/", instrument_views.instrument_detail, name="instrument"),
    path(
        "instrumen/<int:pk>/pertanyaan/<int:question>/",
        instrument_views.question_edit,
        name="question_edit",
    ),
]
