"""``balai demo [--seed N]``: a demo kabupaten with users for every role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.core.demo import DEFAULT_KABUPATEN, DEMO_PASSWORD, DemoOptions
from balai.regions.models import Area
from balai.regions.services import regions_load
from balai.web.demo import build_demo


class Command(BaseCommand):
    help = "Bangun kabupaten demo (bawaan: Luwu Utara) dengan pengguna untuk setiap peran."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--kabupaten", default=DEFAULT_KABUPATEN, help="kode kabupaten/kota")
        parser.add_argument(
            "--residents",
            type=int,
            default=DemoOptions.residents,
            help="jumlah penduduk demo di kabupaten (bawaan: 3000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Area.objects.filter(code=options["kabupaten"]).exists():
            self.stdout.write("Pohon wilayah belum dimuat; memuat sekarang…")
            regions_load()
        wanted = DemoOptions(seed=options["seed"], residents=options["residents"])
        created, logins, lines = build_demo(kabupaten_code=options["kabupaten"], options=wanted)
        self.stdout.write(f"Dusun/RW/RT baru: {created:,}")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"\nAkun demo (kata sandi semua: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.role} [{login.area}]")
