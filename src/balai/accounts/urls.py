from django.urls import path

from balai.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("masuk/", views.login, name="login"),
    path("keluar/", views.logout, name="logout"),
    path("kata-sandi/", views.password_change, name="password_change"),
    path("peran/", views.switch_role, name="switch_role"),
    path("pilih-wilayah/", views.pick_area, name="pick_area"),
    path("token/", views.tokens, name="tokens"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
