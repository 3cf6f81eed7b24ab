from django.urls import URLPattern, URLResolver, path

from balai.planning.views import forum, kabupaten, proposals, public, village

app_name = "planning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", village.index, name="index"),
    path("desa/<str:code>/", village.village_home, name="village"),
    path("desa/<str:code>/rkpdes.xlsx", village.rkpdes_xlsx, name="rkpdes_xlsx"),
    path("desa/<str:code>/rpjmdes/", village.rpjmdes_page, name="rpjmdes"),
    path("desa/<str:code>/usulan/baru/", village.proposal_add, name="proposal_add"),
    path("kegiatan-rkpdes/<int:pk>/", village.activity_edit, name="activity_edit"),
    path("usulan/<int:pk>/ubah/", proposals.staff_proposal_edit, name="proposal_edit"),
    path("kegiatan-rkpdes/<int:pk>/hapus/", village.activity_delete, name="activity_delete"),
    path("wilayah/<str:code>/musrenbang/<str:level>/buka/", village.forum_open, name="forum_open"),
    path("kecamatan/<str:code>/", kabupaten.kecamatan_home, name="kecamatan"),
    path("kabupaten/<str:code>/", kabupaten.kabupaten_home, name="kabupaten"),
    path("kabupaten/<str:code>/pengaturan/", kabupaten.kabupaten_settings, name="settings"),
    path(
        "kabupaten/<str:code>/kriteria/<int:pk>/hapus/",
        kabupaten.criterion_delete,
        name="criterion_delete",
    ),
    path("musrenbang/<int:pk>/", forum.forum_detail, name="forum"),
    path("musrenbang/<int:pk>/data/", forum.forum_details, name="forum_details"),
    path("musrenbang/<int:pk>/tutup/", forum.forum_close, name="forum_close"),
    path("musrenbang/<int:pk>/berita-acara.pdf", forum.forum_pdf, name="forum_pdf"),
    path("musrenbang/<int:pk>/usulan.xlsx", forum.forum_xlsx, name="forum_xlsx"),
    path("musrenbang/<int:pk>/nilai/<int:proposal>/", forum.forum_score, name="forum_score"),
    path("musrenbang/<int:pk>/putuskan/<int:proposal>/", forum.forum_decide, name="forum_decide"),
    path("musrenbang/<int:pk>/gabung/<int:proposal>/", forum.forum_merge, name="forum_merge"),
    path("musrenbang/<int:pk>/opd/<int:proposal>/", forum.forum_assign, name="forum_assign"),
    path("opd/", kabupaten.opd_queue, name="opd_queue"),
    path("opd/usulan/<int:pk>/", kabupaten.opd_answer, name="opd_answer"),
    path("lacak/", public.track_lookup, name="track_lookup"),
    path("lacak/<str:code>/", public.track, name="track"),
    path("warga/", public.resident_home, name="resident_home"),
    path("warga/usul/", public.resident_propose, name="resident_propose"),
    path(
        "warga/usulan/<str:code>/ubah/",
        proposals.resident_proposal_edit,
        name="resident_proposal_edit",
    ),
    path("warga/dukung/<str:code>/", public.resident_support, name="resident_support"),
]
