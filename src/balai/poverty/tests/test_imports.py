"""Welfare-register and recipient imports: dry run, unmatched reasons, bad input, commit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from balai.core.import_jobs import JobStatus
from balai.poverty import import_jobs, welfare, welfare_sql
from balai.poverty.models import Recipient, WelfareEntry, WelfareImport, WelfareSnapshot
from balai.poverty.tests.conftest import World
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA

OPENSID_BANTUAN = Path("/work/shared/opensid/format_impor_program_bantuan.xlsx")


def _upload(text: str, name: str = "dtsen.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def _welfare(world: World, text: str, day: date = date(2026, 9, 1)) -> WelfareImport:
    return import_jobs.welfare_import_create(
        actor=world.actor,
        area=world.kabupaten,
        source="dtsen",
        snapshot_date=day,
        upload=_upload(text),
    )


def test_welfare_dry_run_lists_unmatched_rows_by_reason_then_commit_replaces_the_round(
    world: World,
) -> None:
    a, b = world.people["a_head"], world.people["b_head"]
    stranger = make_resident(DESA_PATTIMANG, name="ORANG PATTIMANG")
    text = (
        f"NIK;No KK;IDRT;Desil\n{a.nik};;H1;2\n{b.nik};;H2;3\n123;;H3;1\n7322039999998888;;H4;1\n"
    )
    job = _welfare(world, text)
    assert job.status == JobStatus.CHECKED
    assert job.preview["counts"] == {"matched": 2, "bad_nik": 1, "unknown_nik": 1}
    reasons = [r["reason"] for r in job.preview["unmatched_rows"]]
    assert reasons == ["NIK bukan 16 angka", "NIK tidak ada di data penduduk"]
    assert WelfareSnapshot.objects.count() == 1  # nothing written by the dry run

    job = import_jobs.import_jobs.job_commit(import_jobs.WELFARE, job=job, actor=world.actor)
    assert job.status == JobStatus.DONE
    assert job.written == 2
    current = dict(WelfareEntry.objects.filter(current=True).values_list("resident_id", "desil"))
    # The new DTSEN round for the kabupaten replaces the old one: only A and B remain.
    assert current == {a.pk: 2, b.pk: 3}
    assert WelfareEntry.objects.count() == 6 + 2  # the earlier round is kept
    assert stranger.pk not in current


def test_welfare_refuses_bad_desil_and_a_nik_in_two_households(world: World) -> None:
    a, b = world.people["a_head"], world.people["b_head"]
    text = f"nik,id_rumah_tangga,desil\n{a.nik},H1,11\n{b.nik},H2,3\n{b.nik},H9,3\n"
    job = _welfare(world, text)
    assert job.status == JobStatus.CHECKED
    assert job.preview["ok"] is False
    messages = " ".join(r["message"] for r in job.preview["error_rows"])
    assert "Desil '11' tidak sah: harus 1 sampai 10." in messages
    assert "tercantum di dua rumah tangga berbeda" in messages
    assert not job.can_commit
    assert WelfareSnapshot.objects.count() == 1


def test_welfare_refuses_an_older_round_than_the_one_in_force(world: World) -> None:
    job = _welfare(world, f"nik,idrt,desil\n{world.people['a_head'].nik},H1,1\n", date(2026, 1, 1))
    assert job.status == JobStatus.FAILED
    assert "lebih lama" in job.error
    assert WelfareSnapshot.objects.count() == 1


def test_welfare_refuses_a_header_without_desil(world: World) -> None:
    job = _welfare(world, "nik,idrt\n1,2\n")
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "Header harus memuat nik, desil, dan id_rumah_tangga atau no_kk (lihat templat)."
    )


def test_opensid_programme_file_imports_unknown_niks_as_invalid(world: World) -> None:
    upload = SimpleUploadedFile(OPENSID_BANTUAN.name, OPENSID_BANTUAN.read_bytes())
    job = import_jobs.recipient_import_create(
        actor=world.actor, village=world.village, programme=world.bpnt, upload=upload
    )
    assert job.status == JobStatus.CHECKED, job.error
    assert job.preview["counts"] == {"unregistered": 2}
    job = import_jobs.import_jobs.job_commit(import_jobs.RECIPIENTS, job=job, actor=world.actor)
    assert job.written == 2
    names = set(
        Recipient.objects.filter(programme=world.bpnt, resident__isnull=True).values_list(
            "name", flat=True
        )
    )
    assert names == {"AHLUL", "AHMAD HABIB", "TIDAK DIKENAL"}


def test_recipient_file_of_another_village_is_refused_whole(world: World) -> None:
    others = [make_resident(DESA_PATTIMANG, name=f"WARGA {i}") for i in range(3)]
    text = "nik,nama\n" + "".join(f"{p.nik},{p.name}\n" for p in others)
    job = import_jobs.recipient_import_create(
        actor=world.actor,
        village=world.village,
        programme=world.pkh,
        upload=_upload(text, "pkh.csv"),
    )
    assert job.status == JobStatus.FAILED
    assert "bukan untuk Desa Pincara" in job.error or "bukan untuk Pincara" in job.error
    assert Recipient.objects.filter(programme=world.pkh).count() == 3


def test_recipient_rows_already_listed_elsewhere_or_twice_are_refused(world: World) -> None:
    b = world.people["b_head"]
    text = f"nik,nama\n{b.nik},\n{b.nik},\n"
    job = import_jobs.recipient_import_create(
        actor=world.actor,
        village=world.village,
        programme=world.pkh,
        upload=_upload(text, "pkh.csv"),
    )
    assert job.preview["counts"] == {"new": 1, "duplicate": 1}
    assert not job.can_commit
    assert Recipient.objects.filter(programme=world.pkh).count() == 3
    assert KAB_LUTRA and DESA_PINCARA


def _mixed_extract(world: World) -> str:
    a, b, c = world.people["a_head"], world.people["b_head"], world.people["c_head"]
    child = world.people["a_child"]
    stranger = make_resident(DESA_PATTIMANG, name="ORANG PATTIMANG")
    return (
        "nik,no_kk,id_rumah_tangga,desil,sumber,tanggal_data\n"
        f"{a.nik},{a.family.no_kk},H1,1,dtsen,2026-09-01\n"
        f"{child.nik},,H1,1.0,,\n"
        f"{child.nik},,H1,1,,\n"  # the same person twice in one household: counted once
        f"{b.nik},,H2,11,,\n"
        f"{c.nik},,H3,01,,\n"
        f"{c.nik},,H7,3,,\n"  # C in two households
        f"{world.people['d_head'].nik},,H4,2,p3ke,\n"
        f"{world.people['e_head'].nik},,H5,2,,2026-08-31T00:00\n"
        f"{stranger.nik},7322010101010001,,4,,\n"  # no household ID: the KK stands in
        "123,,H8,5,,\n"
        "7322039999998888,,H9,x,,\n"
        "7322039999998877,,H9,10,,\n"
        "7322039999998866,,,4,,\n"
    )


def test_sql_check_words_every_refusal_as_the_python_check(world: World) -> None:
    """The PostgreSQL commit's checks (welfare_sql) and the dry run's agree row by row."""
    if connection.vendor != "postgresql":
        pytest.skip("the set-based path runs on PostgreSQL")
    extract = welfare.open_extract("dtsen.csv", _mixed_extract(world).encode())
    day = date(2026, 9, 1)
    python = welfare.check_rows(KAB_LUTRA, "dtsen", day, list(extract))
    sql = welfare_sql.staged_check(KAB_LUTRA, "dtsen", day, extract)
    assert len(python.errors) == 7
    assert sql.errors == python.errors
    assert sql.unmatched == python.unmatched
    assert sql.counts == python.counts
    assert sql.matched == python.matched
    assert python.errors[1][1] == (
        "Desil '01' tidak sah: harus 1 sampai 10. NIK "
        f"{world.people['c_head'].nik[:6]}******{world.people['c_head'].nik[-4:]}"
        " tercantum di dua rumah tangga berbeda dalam data ini."
    )


def test_sql_check_matches_the_python_check_on_a_clean_extract(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the set-based path runs on PostgreSQL")
    clean = "\n".join(
        line
        for line in _mixed_extract(world).splitlines()
        if not any(bad in line for bad in (",11,", ",H3,", ",H7,", "p3ke", "T00", ",x,", ",,,"))
    )
    extract = welfare.open_extract("dtsen.csv", (clean + "\n").encode())
    day = date(2026, 9, 1)
    python = welfare.check_rows(KAB_LUTRA, "dtsen", day, list(extract))
    sql = welfare_sql.staged_check(KAB_LUTRA, "dtsen", day, extract)
    assert python.ok and not python.errors
    assert python.counts == {"matched": 3, "bad_nik": 1, "unknown_nik": 1}
    assert (sql.counts, sql.unmatched, sql.matched) == (
        python.counts,
        python.unmatched,
        python.matched,
    )
    assert [m[2] for m in python.matched] == ["H1", "H1", "KK-7322010101010001"]


def test_commit_moves_the_current_flag_for_the_area_and_for_listed_residents(
    world: World,
) -> None:
    """Both commit paths (set-based on PostgreSQL, row by row on SQLite) leave the same register."""
    a, d = world.people["a_head"], world.people["d_head"]
    # An older P3KE round lists D; the new DTSEN round lists D again (any source leaves).
    welfare.snapshot_save(
        actor=None,
        area_code=DESA_PINCARA,
        source="p3ke",
        snapshot_date=date(2026, 7, 1),
        matched=[(d.pk, DESA_PINCARA, "P-d", "", 4)],
    )
    job = _welfare(
        world, f"nik,no_kk,idrt,desil\n{a.nik},{a.family.no_kk},NEW-A,2\n{d.nik},,NEW-D,5\n"
    )
    assert job.preview["ok"], job.preview
    job = import_jobs.import_jobs.job_commit(import_jobs.WELFARE, job=job, actor=world.actor)
    assert job.status == JobStatus.DONE, job.error
    assert job.written == 2
    current = set(
        WelfareEntry.objects.filter(current=True).values_list(
            "resident_id", "household_ref", "no_kk", "desil", "area_id", "snapshot__source"
        )
    )
    assert current == {
        (a.pk, "NEW-A", a.family.no_kk, 2, DESA_PINCARA, "dtsen"),
        (d.pk, "NEW-D", "", 5, DESA_PINCARA, "dtsen"),
    }
    snapshot = WelfareSnapshot.objects.get(job=job)
    assert snapshot.rows == 2
    assert (
        LogEntry.objects.filter(additional_data__event="poverty.welfare_snapshot_saved").count()
        == 3
    )


def test_commit_refuses_rows_that_became_bad_and_writes_nothing(world: World) -> None:
    """A commit re-checks: a row refused now (an older round in force) fails the job whole."""
    a = world.people["a_head"]
    job = _welfare(world, f"nik,idrt,desil\n{a.nik},H1,2\n")
    assert job.can_commit
    welfare.snapshot_save(
        actor=None,
        area_code=KAB_LUTRA,
        source="dtsen",
        snapshot_date=date(2026, 9, 10),
        matched=[(a.pk, DESA_PINCARA, "X", "", 3)],
    )
    before = WelfareEntry.objects.count()
    job = import_jobs.import_jobs.job_commit(import_jobs.WELFARE, job=job, actor=world.actor)
    assert job.status == JobStatus.FAILED
    assert "tidak dapat menggantikannya" in job.error
    assert WelfareEntry.objects.count() == before
