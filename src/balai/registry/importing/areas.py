"""Find or create the dusun / RW / RT a row names, inside one village."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from balai.regions.models import Area, Kind, Level

_DUSUN_PREFIX = re.compile(r"^(DUSUN|DSN\.?)\s+", re.IGNORECASE)


def dusun_key(name: str) -> str:
    """Normalise a dusun name as OpenSID does: upper case, no "DUSUN " prefix, ``_`` → space."""
    return _DUSUN_PREFIX.sub("", name.replace("_", " ").strip()).upper()


def number_of(value: str) -> int | None:
    """Return the RW/RT number in *value* ("002" → 2); None for none ("", "-", "0")."""
    digits = value.strip()
    if digits in ("", "-", "0", "00", "000"):
        return None
    if not digits.isdigit():
        raise ValueError(value)
    return int(digits)


class AreaResolver:
    """Map (dusun, rw, rt) labels to area codes below a village, creating new ones on commit."""

    def __init__(self, village: Area, *, create: bool) -> None:
        self.village = village
        self.create = create
        self.by_code: dict[str, Area] = {
            a.code: a for a in Area.objects.filter(code__within=village.code)
        }
        self.dusun_by_key = {
            dusun_key(a.name): a.code for a in self.by_code.values() if a.level == Level.DUSUN
        }
        self.planned: list[str] = []
        self.pending: list[Area] = []  # created on the next flush(), parents first

    def resolve(self, dusun: str, rw: str, rt: str) -> str:
        """Return the deepest area code for the labels; raise ValueError with a message."""
        code = self.village.code
        if dusun:
            key = dusun_key(dusun)
            code = self.dusun_by_key.get(key) or self._new(code, Level.DUSUN, dusun, None)
            self.dusun_by_key[key] = code
        try:
            rw_no, rt_no = number_of(rw), number_of(rt)
        except ValueError as exc:
            raise ValueError(_("RW dan RT harus berupa angka, misalnya 002.")) from exc
        if rw_no is not None:
            code = self._numbered(code, Level.RW, rw_no)
        if rt_no is not None:
            code = self._numbered(code, Level.RT, rt_no)
        return code

    def _numbered(self, parent: str, level: str, number: int) -> str:
        if number > 999:
            raise ValueError(_("Nomor RW/RT lebih dari 999."))
        code = f"{parent}.{number:03d}"
        found = self.by_code.get(code)
        if found is None:
            return self._new(
                parent, level, f"{'RW' if level == Level.RW else 'RT'} {number:03d}", code
            )
        if found.level != level:
            raise ValueError(
                _("Nomor %(n)s di bawah %(p)s sudah dipakai wilayah lain (%(other)s).")
                % {"n": f"{number:03d}", "p": parent, "other": found.name}
            )
        return code

    def _new(self, parent: str, level: str, name: str, code: str | None) -> str:
        if code is None:
            taken = [
                int(c.rpartition(".")[2]) for c in self.by_code if c.rpartition(".")[0] == parent
            ]
            code = f"{parent}.{max(taken, default=0) + 1:02d}"
        parent_area = self.by_code.get(parent, self.village)
        area = Area(
            code=code,
            name=name.strip()[:120],
            level=level,
            kind=Kind(level),
            parent=parent_area,
            timezone=self.village.timezone,
        )
        if self.create:
            self.pending.append(area)
        self.by_code[code] = area
        self.planned.append(f"{area.get_level_display()} {area.name}")
        return code

    def flush(self) -> None:
        """Insert the areas made since the last flush (one query, in code order)."""
        if self.pending:
            Area.objects.bulk_create(sorted(self.pending, key=lambda a: a.code))
            self.pending = []
