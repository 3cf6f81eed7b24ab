"""The Siskeudes import: budget as the draft, realisation into the version in force, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.accounts.models import User
from balai.core.import_jobs import JobStatus
from balai.finance import import_jobs
from balai.finance.models import Apbdes, ApbdesLine, Realisation, Status
from balai.regions.models import Area

from .conftest import siskeudes_zip

BUDGET = (
    ("00.00.00.", "4.2.1.01.", "DDS", "Dana Desa", "300000000"),
    ("01.01.02.", "5.1.2.01.", "DDS", "Siltap", "100000000"),
    ("02.03.10.", "5.3.5.01.", "DDS", "Rabat beton", "150000000"),
    ("02.03.10.", "5.3.5.01.", "DDS", "Rabat beton tahap 2", "50000000"),
)


def _upload(village: Area, year: int, content: bytes, name: str = "siskeudes.zip") -> Any:
    actor = User.objects.get_or_create(username="uploader")[0]
    return import_jobs.siskeudes_import_create(
        actor=actor, village=village, year=year, upload=SimpleUploadedFile(name, content)
    )


def test_budget_import_becomes_the_draft_after_the_dry_run(pincara: Area, sekdes: User) -> None:
    job = _upload(pincara, 2025, siskeudes_zip(budget=BUDGET))
    assert job.status == JobStatus.CHECKED, job.error
    assert job.preview["ok"] and job.preview["lines"] == 3
    assert job.preview["budget"] == "600000000.00"
    assert not Apbdes.objects.exists()  # the dry run writes nothing
    job = import_jobs.siskeudes_import_commit(job=job, actor=sekdes)
    assert job.status == JobStatus.DONE and job.written == 3
    apbdes = Apbdes.objects.get(village=pincara, year=2025)
    assert apbdes.status == Status.DRAFT
    road = apbdes.lines.get(account_code="5.3.5.01")
    assert (road.kegiatan_code, road.fund_source, road.amount) == (
        "2.3.10",
        "DDS",
        Decimal(200_000_000),
    )


def test_file_for_another_village_is_refused(pincara: Area) -> None:
    job = _upload(pincara, 2025, siskeudes_zip(name="DESA LAIN", budget=BUDGET))
    assert job.status == JobStatus.CHECKED
    assert not job.preview["ok"]
    assert "untuk desa DESA LAIN" in job.preview["errors"][0]


def test_file_for_another_year_is_refused(pincara: Area) -> None:
    job = _upload(pincara, 2025, siskeudes_zip(year=2024, budget=BUDGET))
    assert "tahun 2024, bukan tahun anggaran 2025" in job.preview["errors"][0]


def test_bad_rows_are_listed_and_nothing_is_written(pincara: Area) -> None:
    rows = (
        *BUDGET,
        ("02.03.10.", "5.9.9.01.", "DDS", "x", "1"),
        ("02.03.10.", "5.3.5.01.", "DDS", "x", "12a"),
    )
    job = _upload(pincara, 2025, siskeudes_zip(budget=rows))
    errors = " ".join(job.preview["errors"])
    assert "Kode rekening 5.9.9.01. tidak dikenal" in errors
    assert "Jumlah 12a tidak sah" in errors
    assert not job.can_commit
    assert not ApbdesLine.objects.exists()


def test_not_a_zip_is_refused_at_upload(pincara: Area) -> None:
    import pytest

    from balai.core.errors import DomainError

    with pytest.raises(DomainError, match="ZIP ekspor Siskeudes"):
        _upload(pincara, 2025, b"a,b\n", name="rab.csv")


def test_realisation_import_into_the_version_in_force(enacted: Apbdes) -> None:
    budget = tuple(
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
    spp = (
        ("0001/SPP", "2025-03-10 00:00:00", "02.03.10.", "5.3.5.01.", "DDS", "100000000"),
        ("0002/SPP", "15/07/2025", "02.03.10.", "5.3.5.01.", "DDS", "50000000"),
    )
    tbp = (("0001/TBP", "2025-03-01", "4.2.1.01.", "DDS", "320000000"),)
    job = _upload(enacted.village, 2025, siskeudes_zip(budget=budget, spp=spp, tbp=tbp))
    assert job.preview["ok"], job.preview["errors"]
    assert job.preview["mode"] == "realisation"
    job = import_jobs.siskeudes_import_commit(job=job, actor=None)
    assert job.written == 3
    road = enacted.lines.get(account_code="5.3.5.01")
    assert dict(Realisation.objects.filter(line=road).values_list("month", "amount")) == {
        3: Decimal(100_000_000),
        7: Decimal(50_000_000),
    }


def test_realisation_against_another_budget_is_refused(enacted: Apbdes) -> None:
    spp = (("0001/SPP", "2025-03-10", "02.03.10.", "5.3.5.01.", "DDS", "1"),)
    job = _upload(enacted.village, 2025, siskeudes_zip(budget=BUDGET, spp=spp))
    assert "berbeda dengan APBDes yang berlaku" in " ".join(job.preview["errors"])
    assert not Realisation.objects.exists()
    assert enacted.lines.count() == 10
    assert dt.date(2025, 1, 1)  # the enacted version stays as it was
