"""Time of the escalation job over 100,000 open complaints on PostgreSQL.

Run: .venv/bin/python bench/complaints_escalation.py [--n 100000]
Uses its own database h_complaints_bench (created and dropped). Rows are
bulk-inserted with their stored escalation moments: 20 % past the kecamatan
moment, 5 % past the kabupaten one. A second scenario puts every row past
both moments (worst case). Goal: under 10 s.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta

from complaints_common import setup, teardown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    setup()
    try:
        from django.db import connection
        from django.utils import timezone

        from balai.complaints.models import Category, Complaint, ComplaintEvent
        from balai.complaints.services import complaints_escalate_overdue

        rng = random.Random(1)
        now = timezone.now()
        category = Category.objects.get(kabupaten=None, code="infrastruktur")
        villages = ["73.22.03.2004", "73.22.03.1001", "73.22.01.2001", "73.22.01.2002"]

        def rows(late_share: float, very_late_share: float) -> list[Complaint]:
            out = []
            for i in range(args.n):
                area = villages[i % len(villages)]
                r = rng.random()
                if r < very_late_share:
                    kec, kab = now - timedelta(days=20), now - timedelta(days=10)
                elif r < late_share:
                    kec, kab = now - timedelta(days=2), now + timedelta(days=5)
                else:
                    kec, kab = now + timedelta(days=2), now + timedelta(days=9)
                out.append(
                    Complaint(
                        number=f"B{i:09d}",
                        tracking_hash="0" * 64,
                        area_id=area,
                        handler_area_id=area,
                        handler_level="desa",
                        category=category,
                        channel="web",
                        status="diverifikasi",
                        title="Bench",
                        description="Bench",
                        received_at=now - timedelta(days=30),
                        due_at=kec,
                        escalate_kecamatan_at=kec,
                        escalate_kabupaten_at=kab,
                    )
                )
            return out

        for label, late, very_late in (
            ("typical (20 % / 5 % overdue)", 0.20, 0.05),
            ("worst case (all overdue)", 1.0, 1.0),
        ):
            Complaint.objects.all().delete()
            started = time.perf_counter()
            Complaint.objects.bulk_create(rows(late, very_late), batch_size=5000)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE complaints_complaint")
            insert = time.perf_counter() - started
            started = time.perf_counter()
            report = complaints_escalate_overdue(now=now)
            elapsed = time.perf_counter() - started
            events = ComplaintEvent.objects.filter(kind="eskalasi").count()
            print(
                f"{label}: {args.n:,} open complaints (inserted in {insert:.1f} s); "
                f"escalation job {elapsed:.2f} s -> kecamatan {report.to_kecamatan:,}, "
                f"kabupaten {report.to_kabupaten:,}, events {events:,}"
            )
            started = time.perf_counter()
            again = complaints_escalate_overdue(now=now)
            print(
                f"  second run (nothing to do): {time.perf_counter() - started:.3f} s {again.as_dict()}"
            )
            ComplaintEvent.objects.all().delete()
    finally:
        teardown()


if __name__ == "__main__":
    main()
