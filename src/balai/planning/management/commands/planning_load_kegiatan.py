"""``balai planning_load_kegiatan``: refresh the kegiatan reference list from the shipped file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.planning.loader import load_kegiatan
from balai.planning.models import Kegiatan


class Command(BaseCommand):
    help = "Muat ulang daftar kegiatan desa (Permendagri 20/2018) dari berkas bawaan."

    def handle(self, *args: Any, **options: Any) -> None:
        count = load_kegiatan(Kegiatan)
        self.stdout.write(f"kegiatan: {count}")
