"""Locust users for one kabupaten (the demo, Luwu Utara): run by bench/load_test.py.

Village operators, posyandu cadres, residents, the camat's office and anonymous
complaint filers, each with a think time of 3-12 s between pages like a person.
Logged-in users share the demo accounts (each simulated user logs in once).
Filers send a distinct X-Forwarded-For each (the server runs with
BEHIND_PROXY=True, as behind the reverse proxy), so the per-address limit on
public submissions applies to each filer, not to the whole test.
"""

from __future__ import annotations

import itertools
import random
import re

from locust import HttpUser, between, task

PASSWORD = "Balai#Demo2026"  # noqa: S105 - the published demo password
KECAMATAN = "73.22.03"
VILLAGE = "73.22.03.2004"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_filer_numbers = itertools.count(1)


def _ids(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(pattern, html)))


class StaffUser(HttpUser):
    abstract = True
    wait_time = between(3, 12)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/akun/masuk/", name="/akun/masuk/ [form]")
        token = CSRF.search(page.text)
        assert token, "no CSRF token on the login page"
        self.client.post(
            "/akun/masuk/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": f"{self.host}/akun/masuk/"},
            name="/akun/masuk/ [login]",
        )

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="/ [home]")


class VillageOperator(StaffUser):
    weight = 5
    username = "operator"
    residents: list[str] = []

    @task(4)
    def resident_list(self) -> None:
        page = self.client.get("/penduduk/", name="/penduduk/")
        self.residents = _ids(page.text, r'href="/penduduk/(\d+)/"') or self.residents

    @task(4)
    def resident_detail(self) -> None:
        if self.residents:
            pk = random.choice(self.residents)
            self.client.get(f"/penduduk/{pk}/", name="/penduduk/[id]/")

    @task(1)
    def families(self) -> None:
        self.client.get("/penduduk/keluarga/", name="/penduduk/keluarga/")

    @task(2)
    def letters_queue(self) -> None:
        self.client.get("/layanan/", name="/layanan/")

    @task(1)
    def village_stats(self) -> None:
        self.client.get(f"/penduduk/statistik/{VILLAGE}/", name="/penduduk/statistik/[desa]/")

    @task(1)
    def spm_desa(self) -> None:
        self.client.get("/indikator/spm-desa/", name="/indikator/spm-desa/")


class Cadre(StaffUser):
    weight = 4
    username = "kader"
    units: list[str] = []
    children: list[str] = []

    @task(2)
    def posyandu_list(self) -> None:
        page = self.client.get("/posyandu/", name="/posyandu/")
        self.units = _ids(page.text, r'href="/posyandu/(\d+)/"') or self.units

    @task(3)
    def posyandu_day(self) -> None:
        if self.units:
            page = self.client.get(
                f"/posyandu/{random.choice(self.units)}/", name="/posyandu/[id]/"
            )
            self.children = _ids(page.text, r'href="/posyandu/anak/(\d+)/"') or self.children

    @task(3)
    def child(self) -> None:
        if self.children:
            pk = random.choice(self.children)
            self.client.get(f"/posyandu/anak/{pk}/", name="/posyandu/anak/[id]/")

    @task(1)
    def prevalence(self) -> None:
        self.client.get(f"/posyandu/prevalensi/{VILLAGE}/", name="/posyandu/prevalensi/[desa]/")


class Resident(StaffUser):
    weight = 5
    username = "warga"

    @task(2)
    def my_complaints(self) -> None:
        self.client.get("/pengaduan/saya/", name="/pengaduan/saya/")

    @task(2)
    def service_standards(self) -> None:
        self.client.get(f"/layanan/desa/{VILLAGE}/", name="/layanan/desa/[desa]/")

    @task(1)
    def public_stats(self) -> None:
        self.client.get(
            f"/penduduk/publik/statistik/{VILLAGE}/", name="/penduduk/publik/statistik/[desa]/"
        )


class CamatOffice(StaffUser):
    weight = 2
    username = "camat"

    @task(3)
    def complaints_dashboard(self) -> None:
        self.client.get(f"/pengaduan/dasbor/?wilayah={KECAMATAN}", name="/pengaduan/dasbor/")

    @task(2)
    def complaints_queue(self) -> None:
        self.client.get("/pengaduan/kelola/", name="/pengaduan/kelola/")

    @task(2)
    def spm_desa(self) -> None:
        self.client.get("/indikator/spm-desa/", name="/indikator/spm-desa/")

    @task(2)
    def kecamatan_stats(self) -> None:
        self.client.get(f"/penduduk/statistik/{KECAMATAN}/", name="/penduduk/statistik/[kec]/")

    @task(1)
    def prevalence(self) -> None:
        self.client.get(f"/posyandu/prevalensi/{KECAMATAN}/", name="/posyandu/prevalensi/[kec]/")

    @task(1)
    def scorecard(self) -> None:
        self.client.get(f"/posyandu/kartu-skor/{KECAMATAN}/", name="/posyandu/kartu-skor/[kec]/")


class ComplaintFiler(HttpUser):
    weight = 4
    wait_time = between(3, 12)
    tickets: list[str]

    def on_start(self) -> None:
        n = next(_filer_numbers)
        # A distinct documentation-style address per filer, in a header only.
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.tickets = []

    @task(2)
    def index(self) -> None:
        self.client.get("/pengaduan/", name="/pengaduan/")

    @task(2)
    def file_complaint(self) -> None:
        if len(self.tickets) >= 2:  # a resident files a complaint or two, then follows them
            self.status()
            return
        page = self.client.get(f"/pengaduan/desa/{VILLAGE}/", name="/pengaduan/desa/[desa]/ [form]")
        token = CSRF.search(page.text)
        categories = re.findall(r'<option value="(\d+)"', page.text)
        if not token or not categories:
            return
        response = self.client.post(
            f"/pengaduan/desa/{VILLAGE}/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "category": random.choice(categories),
                "classification": "pengaduan",
                "title": "Lampu jalan padam",
                "description": "Lampu jalan di depan masjid padam sejak tiga hari lalu.",
                "location": "Depan masjid",
                "reporter_name": "Warga Uji Beban",
                "reporter_phone": "081234567890",
                "website": "",
            },
            headers={"Referer": f"{self.host}/pengaduan/desa/{VILLAGE}/"},
            name="/pengaduan/desa/[desa]/ [kirim]",
        )
        number = re.search(r"/pengaduan/lacak/([A-Z0-9-]+)/", response.text)
        if number:
            self.tickets.append(number.group(1))

    @task(2)
    def status(self) -> None:
        if self.tickets:
            number = random.choice(self.tickets)
            self.client.get(f"/pengaduan/lacak/{number}/", name="/pengaduan/lacak/[nomor]/")

    @task(1)
    def regions(self) -> None:
        self.client.get(f"/wilayah/{KECAMATAN}/", name="/wilayah/[kode]/")
