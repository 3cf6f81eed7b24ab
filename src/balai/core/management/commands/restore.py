"""``balai restore DIR``: restore a backup made by ``balai backup``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.backup import BackupError, Target, restore


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan ke basis data (harus kosong, kecuali dengan --force). "
        "Hentikan server web dan pekerja lebih dulu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="folder cadangan balai-<waktu>")
        parser.add_argument("--database-url", help="basis data tujuan (bawaan: DATABASE_URL)")
        parser.add_argument("--force", action="store_true", help="timpa basis data yang berisi")
        parser.add_argument("--no-media", action="store_true", help="tanpa berkas unggahan")

    def handle(self, *args: Any, **options: Any) -> None:
        target = (
            Target.from_url(options["database_url"])
            if options["database_url"]
            else Target.default()
        )
        media = None if options["no_media"] else Path(settings.MEDIA_ROOT)
        try:
            report = restore(
                path=Path(options["path"]), target=target, media_root=media, force=options["force"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Dipulihkan: {report.tables} tabel, {report.rows:,} baris, "
            f"{report.media_files} berkas unggahan (jumlah baris sama dengan manifest)."
        )
        if report.unapplied_migrations:
            self.stdout.write(
                f"{len(report.unapplied_migrations)} migrasi belum diterapkan: "
                "jalankan `balai migrate`."
            )
