"""Public complaint form submissions per second on PostgreSQL (Django test client, in process).

Run: .venv/bin/python bench/complaints_intake.py [--n 500]
Uses its own database h_complaints_bench (created and dropped). The rate limit
is lifted for the run; everything else (validation, ticket and code, clocks
with the working calendar, audit, notification tasks) runs as in production.
"""

from __future__ import annotations

import argparse
import time

from complaints_common import setup, teardown


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    setup()
    try:
        from django.test import Client, override_settings

        from balai.complaints.models import Category, Complaint

        category = Category.objects.get(kabupaten=None, code="infrastruktur")
        data = {
            "category": category.pk,
            "classification": "pengaduan",
            "title": "Jalan rusak",
            "description": "Jalan tani berlubang di dusun satu. " * 10,
            "reporter_name": "Becce",
            "reporter_phone": "081298765432",
            "reporter_email": "becce@example.org",
        }
        url = "/pengaduan/desa/73.22.03.2004/"
        with override_settings(COMPLAINTS_RATE_LIMIT=(10**9, 60), ALLOWED_HOSTS=["*"]):
            client = Client()
            for _i in range(20):  # warm up
                client.post(url, data)
            started = time.perf_counter()
            for _i in range(args.n):
                response = client.post(url, data)
                assert response.status_code == 302, response.status_code
            elapsed = time.perf_counter() - started
        print(f"{args.n} public form submissions on PostgreSQL: {elapsed:.2f} s")
        print(
            f"{args.n / elapsed:.1f} submissions/s ({1000 * elapsed / args.n:.1f} ms each, one process)"
        )
        print(f"complaints stored: {Complaint.objects.count()}")
    finally:
        teardown()


if __name__ == "__main__":
    main()
