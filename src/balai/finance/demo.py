"""Demo data: every village of the demo kabupaten gets last year's APBDes (enacted, realised)
and this year's at a stage of its approval; some villages get a BUM Desa with reports.

Deterministic for a seed and idempotent (villages with an APBDes are skipped).
Rows are written in bulk (the figures are marked stale at the end).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from balai.core import audit
from balai.core.demo import DemoOptions
from balai.finance import clock
from balai.finance.models import (
    Apbdes,
    ApbdesLine,
    BumDesa,
    BumDesaReport,
    Classification,
    EvaluationResult,
    Focus,
    FundTransfer,
    Realisation,
    ReportPeriod,
    Status,
)
from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level

M = Decimal(1_000_000)

# (account, kegiatan, source, description, share of its source, focus, stunting)
SPENDING = (
    ("5.1.1.01", "1.1.01", "ADD", "Penghasilan tetap kepala desa", 0.10, "", False),
    ("5.1.2.01", "1.1.02", "ADD", "Penghasilan tetap perangkat desa", 0.45, "", False),
    ("5.1.4.01", "1.1.05", "ADD", "Tunjangan BPD", 0.08, "", False),
    ("5.2.5.01", "1.1.04", "ADD", "Operasional perkantoran", 0.17, "", False),
    (
        "5.2.5.02",
        "1.1.04",
        "DDS",
        "Operasional pemerintah desa dari Dana Desa",
        0.03,
        "operasional",
        False,
    ),
    ("5.2.2.01", "1.4.01", "ADD", "Honor tim penyusun APBDes", 0.05, "", False),
    ("5.2.2.02", "2.1.01", "DDS", "Insentif guru PAUD", 0.05, "", False),
    ("5.2.7.01", "2.2.02", "DDS", "Makanan tambahan balita dan ibu hamil", 0.04, "", True),
    ("5.2.2.03", "2.2.02", "DDS", "Insentif kader posyandu", 0.03, "", True),
    ("5.3.5.01", "2.3.10", "DDS", "Rabat beton jalan desa", 0.33, "", False),
    ("5.3.7.01", "2.4.04", "DDS", "Sarana air bersih dan sanitasi", 0.06, "", True),
    ("5.2.7.02", "4.2.01", "DDS", "Bibit dan pupuk ketahanan pangan", 0.21, "pangan", False),
    ("5.2.7.03", "5.3.01", "DDS", "BLT Dana Desa", 0.14, "blt", False),
    ("5.2.2.04", "3.1.01", "ADD", "Linmas desa", 0.05, "", False),
    ("5.2.7.04", "4.4.01", "PBH", "Pemberdayaan perempuan dan anak", 1.0, "", False),
)


def _income(rng: random.Random) -> list[tuple[str, str, str, Decimal]]:
    dd = Decimal(rng.randrange(780, 1100)) * M
    add = Decimal(rng.randrange(350, 520)) * M
    bhpr = Decimal(rng.randrange(30, 60)) * M
    pad = Decimal(rng.randrange(10, 40)) * M
    return [
        ("4.2.1.01", "DDS", "Dana Desa", dd),
        ("4.2.3.01", "ADD", "Alokasi Dana Desa", add),
        ("4.2.2.01", "PBH", "Bagi hasil pajak dan retribusi", bhpr),
        ("4.1.1.01", "PAD", "Hasil usaha BUM Desa", pad),
    ]


def _lines(apbdes: Apbdes, rng: random.Random) -> list[ApbdesLine]:
    income = _income(rng)
    by_source = {source: amount for _a, source, _d, amount in income}
    by_source["ADD"] += by_source.pop("PAD")  # PAD spent with ADD on operations
    lines = [
        ApbdesLine(apbdes=apbdes, account_code=a, fund_source=s, description=d, amount=v)
        for a, s, d, v in income
    ]
    spent: dict[str, Decimal] = {}
    for account, keg, source, text, share, focus, stunting in SPENDING:
        jitter = Decimal(str(round(rng.uniform(0.85, 1.1), 3))) if share < 1 else Decimal(1)
        amount = (by_source[source] * Decimal(str(share)) * jitter).quantize(Decimal(1000))
        spent[source] = spent.get(source, Decimal(0)) + amount
        lines.append(
            ApbdesLine(
                apbdes=apbdes,
                account_code=account,
                kegiatan_code=keg,
                fund_source=source,
                description=text,
                amount=amount,
                focus=focus or Focus.NONE,
                stunting=stunting,
            )
        )
    # Round-off and the rest of each source to capital participation (6.2.2), so it balances.
    rest = sum(by_source.values(), Decimal(0)) - sum(spent.values(), Decimal(0))
    if rest > 0:
        lines.append(
            ApbdesLine(
                apbdes=apbdes,
                account_code="6.2.2.01",
                fund_source="PAD",
                description="Penyertaan modal BUM Desa",
                amount=rest,
            )
        )
    else:
        lines.append(
            ApbdesLine(
                apbdes=apbdes,
                account_code="6.1.1.01",
                fund_source="DLL",
                description="SiLPA tahun sebelumnya",
                amount=-rest,
            )
        )
    return lines


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up the finance demo of *kabupaten*; return one summary line."""
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    villages = list(
        Area.objects.filter(
            code__startswith=kabupaten.code, level=Level.DESA_KELURAHAN, is_active=True
        )
        .exclude(pk__in=Apbdes.objects.values("village"))
        .order_by("code")
    )
    made = 0
    with transaction.atomic():
        for village in villages:
            rng = random.Random(f"{options.seed}:keuangan:{village.code}")
            if village.kind != "desa" and rng.random() < 0.5:
                continue
            _village(village, rng, last, this, today)
            made += 1
            for year in (last, this):
                mark_changed("finance.apbdes", village.code, {dt.date(year, 1, 1)})
        audit.record(actor=None, action="finance.demo_built", obj=Apbdes, data={"villages": made})
    return f"{made} desa dengan APBDes {last} dan {this}"


def _village(village: Area, rng: random.Random, last: int, this: int, today: dt.date) -> None:
    old = Apbdes.objects.create(
        village=village,
        year=last,
        status=Status.ENACTED,
        is_current=True,
        agreed_on=dt.date(last - 1, 10, 20),
        agreement_number=f"01/BA-BPD/{last - 1}",
        submitted_on=dt.date(last - 1, 10, 22),
        evaluation_due=dt.date(last - 1, 11, 19),
        evaluated_on=dt.date(last - 1, 11, 10),
        evaluation_result=EvaluationResult.OK,
        evaluation_number=f"140/{rng.randrange(100, 999)}/KEC/{last - 1}",
        enacted_on=dt.date(last - 1, 12, 20),
        perdes_number=f"1 Tahun {last}",
    )
    lines = ApbdesLine.objects.bulk_create(_lines(old, rng))
    reals = []
    rate = Decimal(str(rng.uniform(0.82, 0.99)))
    for line in lines:
        if line.account_code.startswith("6"):
            continue
        for month in range(1, 13):
            weight = Decimal(month) / Decimal(78)  # spending rises towards December
            reals.append(
                Realisation(
                    line=line,
                    month=month,
                    amount=(line.amount * rate * weight).quantize(Decimal(1)),
                )
            )
    Realisation.objects.bulk_create(reals)
    for source, total in (("DDS", lines[0].amount), ("ADD", lines[1].amount)):
        for stage, share, month in ((1, "0.4", 3), (2, "0.4", 7), (3, "0.2", 10)):
            FundTransfer.objects.create(
                village=village,
                year=last,
                source=source,
                stage=stage,
                amount=(total * Decimal(share)).quantize(Decimal(1)),
                transferred_on=dt.date(last, month, 15),
            )
    progress = rng.random()
    new = Apbdes(village=village, year=this)
    if progress > 0.15:
        new.status = Status.AGREED
        new.agreed_on = dt.date(this - 1, 10, rng.randrange(10, 30))
        new.agreement_number = f"02/BA-BPD/{this - 1}"
    if progress > 0.3 and new.agreed_on:
        new.status = Status.SUBMITTED
        submitted = new.agreed_on + dt.timedelta(days=rng.choice((1, 2, 3, 5)))
        new.submitted_on = submitted
        new.submitted_late = clock.submitted_late(new.agreed_on, submitted)
        new.evaluation_due = clock.due_after(village, submitted, clock.EVALUATION_WORKING_DAYS)
    if progress > 0.55 and new.evaluation_due and new.evaluation_due <= today:
        new.status = Status.ENACTED
        new.evaluated_on = new.evaluation_due - dt.timedelta(days=3)
        new.evaluation_result = EvaluationResult.OK
        new.evaluation_number = f"140/{rng.randrange(100, 999)}/KEC/{this - 1}"
        new.enacted_on = new.evaluation_due + dt.timedelta(days=5)
        new.perdes_number = f"1 Tahun {this}"
        new.is_current = True
    new.save()
    ApbdesLine.objects.bulk_create(_lines(new, rng))
    if rng.random() < 0.6:
        bumdesa = BumDesa.objects.create(
            village=village,
            name=f"BUM Desa {village.name.title()} Sejahtera",
            registration_number=f"AHU-{rng.randrange(10000, 99999)}.AH.01.33.{last}",
            registered_on=dt.date(last - 1, rng.randrange(1, 13), 1),
            business_units="Simpan pinjam\nPengelolaan air bersih",
            director="Direktur BUM Desa",
            classification=rng.choice(Classification.values),
        )
        revenue = Decimal(rng.randrange(40, 400)) * M
        for period, part in ((ReportPeriod.S1, Decimal("0.45")), (ReportPeriod.YEAR, Decimal(1))):
            BumDesaReport.objects.create(
                bumdesa=bumdesa,
                year=last,
                period=period,
                revenue=revenue * part,
                profit=(revenue * part * Decimal("0.12")).quantize(Decimal(1)),
                assets=revenue * 2,
                contribution=(revenue * part * Decimal("0.04")).quantize(Decimal(1)),
            )
