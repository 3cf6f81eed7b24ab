"""The SPM Desa table (Permendagri 2/2017): the five minimum services, per village and month.

Each service is a ratio kept as numerator and denominator, so kecamatan and
kabupaten figures are sums over their villages, never averages of percentages:

1. Informasi pelayanan: standards the village has published / standards in
   its kabupaten's catalogue.
2. Data kependudukan: living residents with a Dukcapil NIK (not a temporary
   one) / living residents.
3. Surat keterangan: letters completed within the village's own standard
   time / letters completed (received in the month).
4. Penyederhanaan: requests made online by residents / all letter requests
   (received in the month) — a proxy: how often residents need not come in.
5. Pengaduan: complaints resolved within their deadline / complaints resolved
   (received in the month).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from balai.complaints.models import Complaint
from balai.letters.models import Channel, LetterRequest, ServiceStandard
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import Resident

VILLAGE = 13  # length of a desa/kelurahan code: PP.KK.CC.DDDD
SERVICES = ("information", "population", "letters", "simpler", "complaints")


@dataclass
class Ratio:
    num: int = 0
    den: int = 0

    @property
    def pct(self) -> float | None:
        return None if self.den == 0 else round(100 * self.num / self.den, 1)


@dataclass
class SpmRow:
    """One area's five services for one month."""

    code: str
    name: str
    ratios: dict[str, Ratio] = field(default_factory=lambda: {s: Ratio() for s in SERVICES})

    def add(self, other: SpmRow) -> None:
        for key, ratio in other.ratios.items():
            self.ratios[key].num += ratio.num
            self.ratios[key].den += ratio.den

    @property
    def met(self) -> int:
        """How many services have any activity and are fully met (for the ranking)."""
        return sum(1 for r in self.ratios.values() if r.den and r.num == r.den)


def _month(year: int, month: int, tz: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(tz)
    start = datetime(year, month, 1, tzinfo=zone)
    return start, datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)


def _by_village(qs: QuerySet[Any], **counts: Count) -> dict[str, dict[str, int]]:
    rows = qs.annotate(village=Substr("area_id", 1, VILLAGE)).values("village").order_by()
    return {r.pop("village"): r for r in rows.annotate(**counts)}


def spm_by_village(*, area: Area, year: int, month: int) -> list[SpmRow]:
    """Return one row per village in *area* (itself if a village); the caller checked access."""
    villages = (
        [area]
        if area.level == Level.DESA_KELURAHAN
        else list(
            Area.objects.filter(
                code__within=area.code, level=Level.DESA_KELURAHAN, is_active=True
            ).order_by("code")
        )
    )
    rows = {v.code: SpmRow(v.code, str(v)) for v in villages}
    start, end = _month(year, month, area.timezone)

    catalogue = dict(
        ServiceStandard.objects.filter(
            area__level=Level.KABUPATEN_KOTA, area__code__in={c[:5] for c in rows}
        )
        .values("area_id")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    published = dict(
        ServiceStandard.objects.filter(area_id__in=list(rows), is_published=True)
        .values("area_id")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    residents = _by_village(
        Resident.objects.filter(area__within=area.code, status=codes.BasicStatus.ALIVE),
        den=Count("id"),
        num=Count("id", filter=Q(nik_is_temporary=False)),
    )
    letters = _by_village(
        LetterRequest.objects.filter(
            area__within=area.code, received_at__gte=start, received_at__lt=end
        ),
        total=Count("id"),
        online=Count("id", filter=Q(channel=Channel.ONLINE)),
        done=Count("id", filter=Q(completed_at__isnull=False)),
        in_time=Count("id", filter=Q(completed_at__lte=F("due_at"))),
    )
    complaints = _by_village(
        Complaint.objects.filter(
            area__within=area.code, received_at__gte=start, received_at__lt=end
        ),
        done=Count("id", filter=Q(resolved_at__isnull=False)),
        in_time=Count("id", filter=Q(resolved_at__lte=F("resolve_due"))),
    )
    for code, row in rows.items():
        r = row.ratios
        r["information"] = Ratio(published.get(code, 0), catalogue.get(code[:5], 0))
        people = residents.get(code, {})
        r["population"] = Ratio(people.get("num", 0), people.get("den", 0))
        made = letters.get(code, {})
        r["letters"] = Ratio(made.get("in_time", 0), made.get("done", 0))
        r["simpler"] = Ratio(made.get("online", 0), made.get("total", 0))
        filed = complaints.get(code, {})
        r["complaints"] = Ratio(filed.get("in_time", 0), filed.get("done", 0))
    return list(rows.values())


def spm_rollup(rows: list[SpmRow], *, length: int) -> list[SpmRow]:
    """Sum village rows into the areas whose code is their first *length* characters."""
    names = {a.code: str(a) for a in Area.objects.filter(code__in={r.code[:length] for r in rows})}
    totals: dict[str, SpmRow] = {}
    for row in rows:
        key = row.code[:length]
        totals.setdefault(key, SpmRow(key, names.get(key, key))).add(row)
    return list(totals.values())


def spm_total(area: Area, rows: list[SpmRow]) -> SpmRow:
    """Sum every row into one for *area*."""
    total = SpmRow(area.code, str(area))
    for row in rows:
        total.add(row)
    return total
