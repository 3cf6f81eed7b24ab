"""IID of a kabupaten round at scale: timings on PostgreSQL.

Creates its own PostgreSQL database (``h4_inno_bench``, dropped at the end
unless --keep), loads the mini region tree, opens the 2023 round of Luwu
Utara (73.22) and writes ``--innovations`` applied, submitted innovations
(offices, kecamatan and villages) with all 20 SID answers filled and one
evidence link each (bulk, not timed). Then times what Bappeda meets:

- the IID of the round (every answer read, formula applied);
- a simulation (the IID twice, once with one answer changed);
- the ranking of owners;
- the workbook for the national portal (profiles, 20 rows per innovation, SPD): built
  in the request as before, then as now: the page's request (record and queue a job)
  and the worker's build with progress;
- the public catalogue's first page with a search.

Prints wall time, CPU time (``time.process_time``) and the load average:
the machine is shared, so wall time is inflated.

    .venv/bin/python bench/innovation_iid.py [--innovations 600] [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DB = "h4_inno_bench"
KAB = "73.22"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def timed(label: str, fn: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    load = os.getloadavg()[0]
    print(f"{label:<48} wall {wall * 1000:8.1f} ms  cpu {cpu * 1000:8.1f} ms  load {load:.2f}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--innovations", type=int, default=600)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")
    psql(args.pg, f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + DB
    os.environ["DEBUG"] = "True"
    # Workbook files the worker stores go to a throw-away media directory.
    var_dir = tempfile.mkdtemp(prefix="h4_inno_bench_")
    os.environ["BALAI_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")
        shutil.rmtree(var_dir, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.utils import timezone

    from balai.accounts.roles import Office
    from balai.core.exports import XlsxWriter
    from balai.innovation import exports, selectors, services
    from balai.innovation.models import Answer, Evidence, Innovation, OwnerKind, Review, Urusan
    from balai.regions.loading import load_regions
    from balai.regions.models import Area, Level

    call_command("migrate", verbosity=0)
    load_regions(path=ROOT / "src/balai/regions/tests/data/mini_wilayah.csv", retire_missing=False)
    kabupaten = Area.objects.get(code=KAB)
    assessment = services.assessment_open(
        actor=None, kabupaten=kabupaten, year=2023, deadline=date(2023, 6, 30)
    )
    rng = random.Random(7)
    owners: list[tuple[str, Area, str]] = [
        (OwnerKind.OFFICE, kabupaten, o) for o in Office.values if o != Office.LAINNYA
    ]
    owners += [
        (OwnerKind.KECAMATAN, a, "")
        for a in Area.objects.filter(code__startswith=KAB + ".", level=Level.KECAMATAN)
    ]
    owners += [
        (OwnerKind.VILLAGE, a, "")
        for a in Area.objects.filter(code__startswith=KAB + ".", level=Level.DESA_KELURAHAN)
    ]
    now = timezone.now()
    innovations = Innovation.objects.bulk_create(
        Innovation(
            assessment=assessment,
            owner_kind=kind,
            area=area,
            office=office,
            name=f"Inovasi {n:04d}",
            bentuk="pelayanan",
            jenis="digital",
            inisiator="asn",
            urusan=rng.choice(Urusan.values),
            tahapan="penerapan",
            applied_on=date(2022, 1, 1),
            status="submitted",
            submitted_at=now,
        )
        for n, (kind, area, office) in ((n, rng.choice(owners)) for n in range(args.innovations))
    )
    sid = list(assessment.rule_set.indicators.filter(aspect="sid"))
    answers = Answer.objects.bulk_create(
        (
            Answer(
                assessment=assessment,
                innovation=inn,
                indicator=ind,
                parameter=rng.choice((1, 2, 3)),
                review=rng.choice(
                    (Review.PENDING, Review.ACCEPTED, Review.ACCEPTED, Review.REJECTED)
                ),
            )
            for inn in innovations
            for ind in sid
        ),
        batch_size=2000,
    )
    Evidence.objects.bulk_create(
        (Evidence(answer=a, url=f"https://contoh.id/b/{a.pk}") for a in answers), batch_size=2000
    )
    print(
        f"{len(innovations)} innovations, {len(answers)} SID answers, {len(answers)} evidence links"
    )

    result = timed("IID of the round", lambda: selectors.iid(assessment))
    s = result.score
    print(f"  n={s.n} divisor={s.divisor} SPD={s.spd} SID={s.sid:.2f} IID={s.iid} {s.predicate}")
    target = answers[len(answers) // 2]
    timed(
        "simulation (IID before and after one change)",
        lambda: (
            selectors.iid(assessment),
            selectors.iid(assessment, overrides={target.pk: (3, True)}),
        ),
    )
    timed("ranking of owners", lambda: selectors.ranking(result))
    out = Path(tempfile.mkdtemp()) / f"{DB}.xlsx"

    def workbook() -> None:
        with XlsxWriter(out) as book:
            exports.round_xlsx(book, assessment, result, lambda ev: f"https://balai/bukti/{ev.pk}/")

    timed("workbook built inside a request (the old way)", workbook)
    print(f"  {out.stat().st_size // 1024} KB")
    out.unlink()
    out.parent.rmdir()
    # Now the page only records a job and queues it (the database task backend);
    # the worker builds the file with progress. Time both sides.
    from balai.innovation import workbooks
    from balai.innovation.models import WorkbookExport

    job = timed(
        "workbook page's request (record + queue the job)",
        lambda: workbooks.workbook_request(
            actor=None, assessment=assessment, base_url="https://balai.example/"
        ),
    )
    print(f"  job {job.pk}: {job.get_status_display()}")
    built = timed(
        "workbook built by the worker (with progress)", lambda: workbooks.workbook_build(job.pk)
    )
    print(f"  {built.status}, {built.done}/{built.total} innovations, {built.size // 1024} KB")
    built.file.delete(save=False)
    WorkbookExport.objects.filter(pk=job.pk).delete()
    timed(
        "public catalogue, first page with a search",
        lambda: list(selectors.catalogue(q="Inovasi 01", urusan="")[:30]),
    )


if __name__ == "__main__":
    main()
