"""``balai backup``: back the database and uploaded files up into a new directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.backup import BackupError, Target, backup, default_parent


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas unggahan ke folder balai-<waktu UTC>."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="folder induk (bawaan: BACKUP_DIR atau var/backups)")
        parser.add_argument("--database-url", help="basis data lain (bawaan: DATABASE_URL)")
        parser.add_argument("--no-media", action="store_true", help="tanpa berkas unggahan")
        parser.add_argument(
            "--keep", type=int, default=0, help="simpan N cadangan terbaru saja (0: semua)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = (
            Target.from_url(options["database_url"])
            if options["database_url"]
            else Target.default()
        )
        parent = Path(options["output"]) if options["output"] else default_parent()
        media = None if options["no_media"] else Path(settings.MEDIA_ROOT)
        try:
            path = backup(target=target, parent=parent, media_root=media, keep=options["keep"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
