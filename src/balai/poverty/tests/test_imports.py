"""Welfare-register and recipient imports: dry run, unmatched reasons, bad input, commit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from balai.core.import_jobs import JobStatus
from balai.poverty import import_jobs
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
    assert job.error == "Header harus memuat nik, id_rumah_tangga dan desil (lihat templat)."


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
