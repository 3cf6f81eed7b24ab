"""Kabupaten binwas overview (agendas, visits, findings, follow-ups, rakor): timings on PostgreSQL.

Creates its own PostgreSQL database (``h6_binwas``, dropped at the end unless
--keep), loads the bundled region tree and writes three years of binwas data
for Luwu Utara (73.22: 15 kecamatan, 173 villages) in bulk: per kecamatan one
activity a month visiting a third of its villages, one visit per village per
quarter, two findings per visit (three quarters closed, some late, some
escalated), a rakor per quarter with five decisions, and the LPPDes receipts.
Then times, ``--repeat`` times each, for the current year:

- ``selectors.overview`` for the kabupaten (the rows of 15 kecamatan);
- the overview page ``/binwas/ringkasan/`` as the DPMD user (rendered HTML);
- the quarterly report XLSX and the page for one kecamatan (its villages);
- the personal iCal feed of the kabupaten (no session; last, this and next year)
  and the instruments page (a GET that writes nothing).

Prints p50/p95 wall time, the process CPU time (``time.process_time``) and
the load average: the machine is shared, so wall time is inflated.

    .venv/bin/python bench/supervision_overview.py [--visits-per-quarter 1] [--repeat 50]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DB = "h6_binwas"
KAB = "73.22"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits-per-quarter", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--db", default=DB, help="the database to (re)create and use")
    args = parser.parse_args()
    db = args.db
    psql(args.pg, f"DROP DATABASE IF EXISTS {db}")
    psql(args.pg, f"CREATE DATABASE {db}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + db
    os.environ["DEBUG"] = "True"  # static files without collectstatic, testserver host
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {db}")


def timed(label: str, fn: Callable[[], Any], repeat: int) -> None:
    fn()  # warm-up
    walls, cpus = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        walls.append((time.perf_counter() - w0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    walls.sort()
    p95 = walls[max(0, round(0.95 * len(walls)) - 1)]
    load = os.getloadavg()
    print(
        f"{label:<46} p50 {statistics.median(walls):7.1f} ms  p95 {p95:7.1f} ms  "
        f"cpu p50 {statistics.median(cpus):6.1f} ms  load {load[0]:.2f} {load[1]:.2f}"
    )


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from balai.accounts.roles import Office, Role
    from balai.accounts.services import role_assign, user_create
    from balai.regions.loading import load_regions
    from balai.regions.models import Area, Level
    from balai.supervision import selectors, services
    from balai.supervision.models import (
        Activity,
        ActivityStatus,
        FollowUp,
        FollowUpKind,
        FollowUpStatus,
        Meeting,
        MeetingLevel,
        MeetingStatus,
        ReportReceipt,
        Responsible,
        Visit,
        VisitStatus,
    )

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    load_regions()
    print(f"region tree loaded in {time.perf_counter() - t0:.1f} s")
    rng = random.Random(1)
    today = timezone.localdate()
    years = (today.year - 2, today.year - 1, today.year)
    kab = Area.objects.get(code=KAB)
    kecamatans = list(Area.objects.filter(code__within=KAB, level=Level.KECAMATAN, is_active=True))
    villages = {
        k.code: list(
            Area.objects.filter(code__within=k.code, level=Level.DESA_KELURAHAN, is_active=True)
        )
        for k in kecamatans
    }
    n_villages = sum(len(v) for v in villages.values())
    t0 = time.perf_counter()
    activities: list[Activity] = []
    for kec in kecamatans:
        for year in years:
            for month in range(1, 13):
                start = date(year, month, 10)
                if start > today + timedelta(days=60):
                    continue
                activities.append(
                    Activity(
                        area=kec,
                        year=year,
                        quarter=(month - 1) // 3 + 1,
                        kind="pengawasan" if month % 2 else "pembinaan",
                        title=f"Binwas {kec.name} {year}-{month:02d}",
                        starts_on=start,
                        ends_on=start + timedelta(days=2),
                        status=ActivityStatus.DONE if start < today else ActivityStatus.PLANNED,
                    )
                )
    Activity.objects.bulk_create(activities, batch_size=2000)
    by_kec_month = {(a.area_id, a.starts_on.year, a.starts_on.month): a for a in activities}
    visits: list[Visit] = []
    for kec in kecamatans:
        for village in villages[kec.code]:
            for year in years:
                for quarter in range(4):
                    for k in range(args.visits_per_quarter):
                        month = quarter * 3 + 1 + (k + hash(village.code)) % 3
                        activity = by_kec_month.get((kec.code, year, month))
                        if activity is None:
                            continue
                        done = activity.starts_on < today and rng.random() < 0.85
                        visits.append(
                            Visit(
                                activity=activity,
                                area=village,
                                planned_on=activity.starts_on,
                                visited_on=activity.starts_on if done else None,
                                status=VisitStatus.SIGNED if done else VisitStatus.PLANNED,
                            )
                        )
    # One visit per (activity, village): keep the first of duplicates.
    seen: set[tuple[int, str]] = set()
    unique = []
    for v in visits:
        key = (v.activity.pk, str(v.area.code))
        if key not in seen:
            seen.add(key)
            unique.append(v)
    Visit.objects.bulk_create(unique, batch_size=5000)
    followups: list[FollowUp] = []
    now = timezone.now()
    for v in unique:
        if v.status != VisitStatus.SIGNED:
            continue
        for _ in range(2):
            due = v.planned_on + timedelta(days=rng.choice((7, 14, 42)))
            closed = rng.random() < 0.75
            followups.append(
                FollowUp(
                    kind=FollowUpKind.FINDING,
                    visit=v,
                    area=v.area,
                    description="Temuan bench",
                    recommendation="Rekomendasi",
                    responsible=Responsible.VILLAGE,
                    found_on=v.planned_on,
                    due_on=due,
                    status=FollowUpStatus.CLOSED if closed else FollowUpStatus.OPEN,
                    closed_at=now if closed else None,
                    escalated_at=now if not closed and due < today else None,
                )
            )
    meetings: list[Meeting] = []
    for kec in kecamatans:
        for year in years:
            for quarter in range(1, 5):
                held = date(year, 3 * quarter - 1, 20)
                if held > today:
                    continue
                meetings.append(
                    Meeting(
                        area=kec,
                        level=MeetingLevel.KECAMATAN,
                        title=f"Rakor {kec.name} {year} T{quarter}",
                        held_on=held,
                        status=MeetingStatus.HELD,
                        minutes="Notulen",
                    )
                )
    Meeting.objects.bulk_create(meetings)
    for m in meetings:
        for village in rng.sample(
            villages[str(m.area.code)], min(5, len(villages[str(m.area.code)]))
        ):
            closed = rng.random() < 0.6
            followups.append(
                FollowUp(
                    kind=FollowUpKind.DECISION,
                    meeting=m,
                    area=village,
                    description="Keputusan",
                    recommendation="Laksanakan",
                    responsible=Responsible.VILLAGE,
                    found_on=m.held_on,
                    due_on=m.held_on + timedelta(days=14),
                    status=FollowUpStatus.CLOSED if closed else FollowUpStatus.OPEN,
                    closed_at=now if closed else None,
                )
            )
    FollowUp.objects.bulk_create(followups, batch_size=5000)
    ReportReceipt.objects.bulk_create(
        ReportReceipt(
            area=v, kind="lppdes", year=y, received_on=date(y + 1, rng.choice((2, 3, 4)), 15)
        )
        for vs in villages.values()
        for v in vs
        for y in years[:-1]
    )
    _analyze()
    print(
        f"data: {len(kecamatans)} kecamatan, {n_villages} villages, {len(years)} years: "
        f"{len(activities)} activities, {len(unique)} visits, {len(followups)} follow-ups, "
        f"{len(meetings)} rakor (written in {time.perf_counter() - t0:.1f} s)"
    )
    user = user_create(actor=None, username="dpmd", password="Bench-2026-kata", full_name="D")  # noqa: S106
    role_assign(actor=None, user=user, role=Role.KABUPATEN_STAFF, area=kab, office=Office.DPMD)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    year = today.year
    kec = kecamatans[0]

    def page(url: str) -> Callable[[], Any]:
        def get() -> Any:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            return response

        return get

    timed(
        "selectors.overview(kabupaten, year)",
        lambda: selectors.overview(area=kab, year=year),
        args.repeat,
    )
    timed(
        "page /binwas/ringkasan/ (kabupaten, year)",
        page(f"/binwas/ringkasan/?wilayah={KAB}&tahun={year}"),
        args.repeat,
    )
    timed(
        "page /binwas/ringkasan/ (kabupaten, quarter)",
        page(f"/binwas/ringkasan/?wilayah={KAB}&tahun={year}&triwulan=1"),
        args.repeat,
    )
    timed(
        "page /binwas/ringkasan/ (one kecamatan)",
        page(f"/binwas/ringkasan/?wilayah={kec.code}&tahun={year}"),
        args.repeat,
    )
    timed(
        "page /binwas/ (kabupaten agenda, year)",
        page(f"/binwas/?wilayah={KAB}&tahun={year}"),
        args.repeat,
    )
    timed(
        "quarterly XLSX (kabupaten)",
        page(f"/binwas/ringkasan/?wilayah={KAB}&tahun={year}&triwulan=1&format=xlsx"),
        max(5, args.repeat // 5),
    )
    role = user.roles.get()
    _feed, key = services.feed_issue(user=user, role=role, area=kab)
    anonymous = Client(HTTP_HOST="localhost")
    feed_url = f"/binwas/kalender/{key}.ics"
    events = anonymous.get(feed_url).content.count(b"BEGIN:VEVENT")
    timed(
        f"personal iCal feed (kabupaten, 3 years, {events} events)",
        lambda: anonymous.get(feed_url),
        max(5, args.repeat // 5),
    )
    timed(
        "page /binwas/instrumen/ (kabupaten)",
        page(f"/binwas/instrumen/?wilayah={KAB}"),
        args.repeat,
    )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
