"""The set-based Siskeudes commit on PostgreSQL: the dry run's messages, word for word."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from balai.core.import_jobs import JobStatus
from balai.finance import import_jobs, siskeudes_pg
from balai.finance.models import Apbdes, ApbdesLine, Realisation
from balai.regions.models import Area

from .conftest import siskeudes_zip
from .test_siskeudes import BUDGET, _upload

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def on_postgresql(db: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the set-based commit runs on PostgreSQL")


BAD_BUDGET = (
    *BUDGET,
    ("02.03.10.", "5.9.9.01.", "DDS", "akun tak dikenal", "1"),
    ("02.03.10.", "5.3.5.01.", "DDS", "huruf", "12a"),
    ("09.09.09.", "5.3.5.01.", "DDS", "kegiatan tak ada", "5"),
    ("02.03.", "5.3.5.01.", "DDS", "kegiatan pendek", "5"),
    ("02.03.10.", "5.3.5.01.", "XYZ", "sumber salah", "5"),
    ("02.03.10.", "4.2.1.01.", "", "sumber kosong", "-5"),
    ("02.03.10.", "x", "DDS", "semua salah", "abc"),
)


def _budget_of(enacted: Apbdes) -> tuple[tuple[str, str, str, str, str], ...]:
    return tuple(
        (
            (
                line.kegiatan_code
                and ".".join(f"{int(p):02d}" for p in line.kegiatan_code.split(".")) + "."
            )
            or "00.00.00.",
            line.account_code + ".",
            line.fund_source,
            line.description,
            str(line.amount),
        )
        for line in enacted.lines.all()
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(siskeudes_zip(budget=BAD_BUDGET), id="bad-rows"),
        pytest.param(siskeudes_zip(name="DESA LAIN", year=2024, budget=BUDGET), id="other-file"),
        pytest.param(
            siskeudes_zip(
                budget=tuple(("02.03.10.", "5.9.9.01.", "DDS", "x", str(n)) for n in range(230))
            ),
            id="over-200-errors",
        ),
    ],
)
def test_set_based_check_words_budget_refusals_like_the_dry_run(
    pincara: Area, content: bytes
) -> None:
    job = _upload(pincara, 2025, content)
    assert not job.preview["ok"]
    assert siskeudes_pg.errors_pg(job, content) == job.preview["errors"]
    assert not ApbdesLine.objects.exists()


def test_set_based_check_words_realisation_refusals_like_the_dry_run(enacted: Apbdes) -> None:
    spp = (
        ("0001/SPP", "2025-03-10 00:00:00", "02.03.10.", "5.3.5.01.", "DDS", "100000000"),
        ("0002/SPP", "31/02/2025", "02.03.10.", "5.3.5.01.", "DDS", "5"),
        ("0003/SPP", "kemarin", "02.03.10.", "5.3.5.01.", "DDS", "5"),
        ("0004/SPP", "2024-12-31", "02.03.10.", "5.3.5.01.", "DDS", "5"),
        ("0005/SPP", "2025-04-01", "02.03.10.", "5.9.9.01.", "DDS", "1O0"),
        ("0006/SPP", "2025-04-01", "02.03.10.", "5.3.5.01.", "PBX", "5"),
    )
    tbp = (("0001/TBP", "", "4.2.1.01.", "DDS", "Rp 1.000"),)
    content = siskeudes_zip(budget=_budget_of(enacted), spp=spp, tbp=tbp)
    job = _upload(enacted.village, 2025, content)
    errors = job.preview["errors"]
    assert any("Ta_SPPRinci baris 3: tanggal bukti 0002/SPP" in e for e in errors)
    assert any("2024" in e for e in errors)  # a date of another year
    assert siskeudes_pg.errors_pg(job, content) == errors
    assert not Realisation.objects.exists()


def test_realisation_of_an_unbudgeted_line_is_refused_on_both_paths(enacted: Apbdes) -> None:
    spp = (("0001/SPP", "2025-03-10", "02.03.10.", "5.3.5.02.", "DDS", "5"),)
    content = siskeudes_zip(budget=_budget_of(enacted), spp=spp)
    job = _upload(enacted.village, 2025, content)
    assert job.preview["errors"] == [
        "Berkas berisi realisasi untuk baris yang tidak dianggarkan (mis. 5.3.5.02 2.3.10 DDS)."
    ]
    assert siskeudes_pg.errors_pg(job, content) == job.preview["errors"]


def test_set_based_commit_writes_the_budget_as_the_draft(pincara: Area) -> None:
    rows = (
        *BUDGET,
        # Spellings SQL leaves to Python, which accepts them: the rows count all the same.
        ("02.03.10.", "5.3.5.01.", "dds", "Rp", "Rp 1.000.000"),
        ("01.01.02.", "5.1.2.01.", "DDS", "ribuan", "2.500"),
    )
    job = _upload(pincara, 2025, siskeudes_zip(budget=rows))
    assert job.preview["ok"], job.preview["errors"]
    steps: dict[str, dict[str, float]] = {}
    written = siskeudes_pg.commit_pg(job, siskeudes_zip(budget=rows), steps=steps)
    assert written == 3
    # Again in the same session and transaction: the staging tables start empty.
    assert siskeudes_pg.commit_pg(job, siskeudes_zip(budget=rows)) == 3
    assert set(steps) == {"stage", "check", "write"}
    lines = {
        (line.account_code, line.kegiatan_code, line.fund_source): (line.amount, line.description)
        for line in Apbdes.objects.get(village=pincara, year=2025).lines.all()
    }
    assert lines == {
        ("4.2.1.01", "", "DDS"): (Decimal(300_000_000), "Dana Desa"),
        ("5.1.2.01", "1.1.02", "DDS"): (Decimal(100_002_500), "Siltap"),
        ("5.3.5.01", "2.3.10", "DDS"): (Decimal(201_000_000), "Rabat beton"),
    }


def test_set_based_commit_replaces_the_realisation(enacted: Apbdes) -> None:
    spp = (
        ("0001/SPP", "2025-03-10 00:00:00", "02.03.10.", "5.3.5.01.", "DDS", "100000000"),
        ("0002/SPP", "15/7/2025", "02.03.10.", "5.3.5.01.", "DDS", "50.000.000"),
        ("0003/SPP", "2025-07-20", "02.03.10.", "5.3.5.01.", "DDS", "0"),
    )
    tbp = (("0001/TBP", "2025-03-01", "4.2.1.01.", "DDS", "320000000"),)
    job = _upload(
        enacted.village, 2025, siskeudes_zip(budget=_budget_of(enacted), spp=spp, tbp=tbp)
    )
    assert job.preview["ok"], job.preview["errors"]
    job = import_jobs.siskeudes_import_commit(job=job, actor=None)  # the worker: PostgreSQL path
    assert job.status == JobStatus.DONE and job.written == 3
    road = enacted.lines.get(account_code="5.3.5.01")
    assert dict(Realisation.objects.filter(line=road).values_list("month", "amount")) == {
        3: Decimal(100_000_000),
        7: Decimal(50_000_000),
    }
    income = enacted.lines.get(account_code="4.2.1.01")
    assert list(income.realisations.values_list("month", "amount")) == [(3, Decimal(320_000_000))]
