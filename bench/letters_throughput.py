"""Letters issued per second end to end on PostgreSQL: request → verify → sign (number + PDF).

Creates its own database h_letters_bench (dropped afterwards), migrates, loads
the mini region tree, registers residents and runs the services the views use.

    .venv/bin/python bench/letters_throughput.py [letters] [threads]
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

DB = "h_letters_bench"
PG = "postgres://postgres@127.0.0.1:5432"


def pg(command: list[str]) -> None:
    """Run a PostgreSQL client program against the local server (fixed arguments only)."""
    program, *rest = command
    subprocess.run([program, "-h", "127.0.0.1", "-U", "postgres", *rest], check=True)  # noqa: S603


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    pg(["dropdb", "--if-exists", DB])
    pg(["createdb", DB])
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings_test")
    try:
        run(n, threads)
    finally:
        from django.db import connections

        connections.close_all()
        pg(["dropdb", "--if-exists", DB])


def run(n: int, threads: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    sys.path.insert(0, os.getcwd())
    from balai.accounts.roles import Role
    from balai.accounts.services import role_assign, user_create
    from balai.letters.models import IssuedDocument, Status, VillageLetterSettings
    from balai.letters.services.requests import letter_request_create, letter_request_transition
    from balai.regions.models import Area
    from balai.registry.tests.factories import make_family, make_resident
    from conftest import DESA_PINCARA, ensure_tree

    ensure_tree()
    village = Area.objects.get(code=DESA_PINCARA)
    VillageLetterSettings.objects.create(area=village, head_name="Andi Baso")
    operator = user_create(actor=None, username="op", password=None)
    role_assign(actor=None, user=operator, role=Role.VILLAGE_OPERATOR, area=village)
    kades = user_create(actor=None, username="kades", password=None)
    role_assign(actor=None, user=kades, role=Role.KEPALA_DESA, area=village)
    people = [
        make_resident(
            f"{DESA_PINCARA}.01.001",
            name=f"Warga {i}",
            family=make_family(f"{DESA_PINCARA}.01.001"),
        )
        for i in range(50)
    ]
    connection.close()

    def issue(indices: list[int]) -> None:
        for i in indices:
            request = letter_request_create(
                actor=operator, village=village, letter_type="domisili",
                subject=people[i % len(people)], data={}, purpose="bench",
            )  # fmt: skip
            letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
            letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
        connection.close()

    issue([0])  # warm up fonts and connections
    chunks = [list(range(1 + t, n + 1, threads)) for t in range(threads)]
    start = time.perf_counter()
    workers = [threading.Thread(target=issue, args=(c,)) for c in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    seqs = sorted(IssuedDocument.objects.values_list("sequence", flat=True))
    assert seqs == list(range(1, n + 2)), "gap or duplicate in numbers"
    print(
        f"{n} letters (create + verify + sign with number, PDF, audit) with {threads} threads "
        f"on PostgreSQL: {elapsed:.2f} s → {n / elapsed:.1f} letters/s; numbers 1..{n + 1} without gaps"
    )


if __name__ == "__main__":
    main()
