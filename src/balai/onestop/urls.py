from django.urls import URLPattern, URLResolver, path

from balai.onestop import views

app_name = "onestop"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.catalogue_page, name="catalogue"),
    path("layanan/<int:pk>/", views.service_detail, name="service"),
    path("unit/<str:code>/", views.location_page, name="location"),
    path("unit/<str:code>/janji/", views.book, name="book"),
    path("unit/<str:code>/kios/", views.kiosk, name="kiosk"),
    path("unit/<str:code>/kios/janji/", views.kiosk_checkin, name="kiosk_checkin"),
    path("unit/<str:code>/layar/", views.display, name="display"),
    path("janji/<str:code>/", views.appointment_page, name="appointment"),
    path("janji/<str:code>/batal/", views.appointment_cancel, name="appointment_cancel"),
    path("tiket/<str:code>/", views.ticket_page, name="ticket"),
    path("tiket/<str:code>/survei/", views.ticket_survey, name="ticket_survey"),
    path("loket/", views.desk, name="desk"),
    path("loket/<int:pk>/", views.counter_console, name="counter"),
    path("loket/<int:pk>/<str:action>/", views.counter_action, name="counter_action"),
    path("antrean/<int:pk>/<str:action>/", views.ticket_action, name="ticket_action"),
    path("kelola/unit/<str:code>/", views.manage, name="manage"),
    path("kelola/katalog/<str:code>/baru/", views.service_edit, name="service_new"),
    path("kelola/katalog/<str:code>/<int:pk>/", views.service_edit, name="service_edit"),
    path("kinerja/", views.performance, name="performance"),
    path("kinerja/<str:code>/", views.unit_performance, name="unit_performance"),
]
