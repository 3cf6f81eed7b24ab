"""Indicators of the one-stop counters: waits and service times against the standard.

Counted per village the unit sits in (an MPP's figures sit in its village and
roll up to the kabupaten). Loaded from ``OnestopConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    Direction,
    Indicator,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
    shared,
)
from balai.onestop.models import Ticket, TicketStatus

SOURCE = _("Perpres No. 89 Tahun 2021 (MPP); PermenPANRB No. 15 Tahun 2014 (standar pelayanan)")
INPUTS = ("onestop.ticket",)
PERIODS = (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR)


@shared
def _called(scope: Scope) -> Mapping[str, tuple[int, int, int]]:
    rows = count_by_village(
        Ticket.objects.filter(scope.in_period("called_at")),
        scope,
        called=Count("id"),
        met=Count("id", filter=Q(wait_met=True)),
        seconds=Sum("wait_seconds"),
    )
    return {v: (r["met"], r["called"], r["seconds"]) for v, r in rows.items()}


def _done(scope: Scope) -> Mapping[str, tuple[int, int]]:
    rows = count_by_village(
        Ticket.objects.filter(scope.in_period("finished_at"), status=TicketStatus.DONE),
        scope,
        done=Count("id"),
        met=Count("id", filter=Q(serve_met=True)),
    )
    return {v: (r["met"], r["done"]) for v, r in rows.items()}


def _wait_met(scope: Scope) -> Mapping[str, tuple[int, int]]:
    return {v: (met, called) for v, (met, called, _s) in _called(scope).items()}


def _wait_minutes(scope: Scope) -> Mapping[str, tuple[int, int]]:
    # Seconds waited over 60 x tickets called: the mean wait in minutes.
    return {v: (seconds, 60 * called) for v, (_m, called, seconds) in _called(scope).items()}


_wait_num, _wait_den = pair(_wait_met)
_serve_num, _serve_den = pair(_done)
_mean_num, _mean_den = pair(_wait_minutes)

register(
    Indicator(
        code="onestop.tunggu",
        name=_("Antrean dipanggil dalam standar waktu tunggu"),
        definition=_(
            "Tiket antrean yang dipanggil paling lama pada standar waktu tunggu layanannya, "
            "dibagi tiket yang dipanggil dalam periode (MPP, PATEN dan loket desa)."
        ),
        numerator=_wait_num,
        denominator=_wait_den,
        numerator_label=_("dipanggil dalam standar"),
        denominator_label=_("tiket dipanggil"),
        source=SOURCE,
        period_types=PERIODS,
        target=90.0,
        privacy=Privacy.PUBLIC,
        inputs=INPUTS,
        owner="onestop",
    )
)
register(
    Indicator(
        code="onestop.layanan",
        name=_("Layanan loket selesai dalam standar waktu"),
        definition=_(
            "Tiket yang selesai dilayani di loket paling lama pada standar waktu layanannya, "
            "dibagi tiket selesai dalam periode."
        ),
        numerator=_serve_num,
        denominator=_serve_den,
        numerator_label=_("selesai dalam standar"),
        denominator_label=_("tiket selesai"),
        source=SOURCE,
        period_types=PERIODS,
        target=90.0,
        privacy=Privacy.PUBLIC,
        inputs=INPUTS,
        owner="onestop",
    )
)
register(
    Indicator(
        code="onestop.rata_tunggu",
        name=_("Rata-rata waktu tunggu di loket"),
        definition=_(
            "Jumlah detik menunggu sampai dipanggil dibagi 60 kali banyaknya tiket dipanggil: "
            "rata-rata menit menunggu."
        ),
        numerator=_mean_num,
        denominator=_mean_den,
        numerator_label=_("detik menunggu"),
        denominator_label=_("60 x tiket dipanggil"),
        source=SOURCE,
        period_types=PERIODS,
        unit=" menit",
        factor=1,
        target=30.0,
        direction=Direction.AT_MOST,
        privacy=Privacy.PUBLIC,
        inputs=INPUTS,
        owner="onestop",
    )
)
