from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from openpyxl import Workbook

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.importing.columns import COLUMN_NAMES
from balai.registry.importing.engine import run_import
from balai.registry.importing.export import export_residents
from balai.registry.importing.reader import ImportFileError
from balai.registry.models import EventKind, Family, LifeEvent, Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA

SAMPLE = Path(__file__).parent / "data" / "contoh_penduduk.xlsx"
SENGGIGI = "52.01.14.2006"
# A valid row for Desa Pincara (kecamatan 73.22.03): NIK of a man born 17-05-1990.
BASE = {
    "alamat": "Jl. Poros Masamba",
    "dusun": "Satu",
    "rw": "-",
    "rt": "001",
    "nama": "Andi Baso",
    "no_kk": "7322030203150001",
    "nik": "7322031705900001",
    "sex": "1",
    "tempatlahir": "Masamba",
    "tanggallahir": "17-05-1990",
    "agama_id": "1",
    "kk_level": "1",
    "status_kawin": "2",
    "pekerjaan_id": "9",
}


def village(code: str = DESA_PINCARA) -> Area:
    return Area.objects.get(code=code)


def write_csv(path: Path, rows: list[dict[str, Any]], header: list[str] | None = None) -> Path:
    header = header or list(BASE)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
    return path


def row(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def errors_by_line(report: Any) -> dict[int, str]:
    return {r.line: " ".join(r.errors) for r in report.rows if r.action == "error"}


@pytest.mark.django_db
def test_opensid_sample_dry_run_writes_nothing_then_commit_creates_everyone(tree: None) -> None:
    dry = run_import(SAMPLE, village=village(SENGGIGI), commit=False)
    assert dry.counts == {"create": 97}
    assert dry.new_families == 37
    assert not Resident.objects.exists()
    assert not Area.objects.filter(code__startswith=SENGGIGI + ".").exists()
    done = run_import(SAMPLE, village=village(SENGGIGI), commit=True)
    assert done.counts == {"create": 97}
    assert Resident.objects.filter(area__within=SENGGIGI).count() == 97
    assert Family.objects.filter(area__within=SENGGIGI).count() == 37
    assert LifeEvent.objects.filter(kind=EventKind.REGISTERED, delta=1).count() == 97
    adini = Resident.objects.get(nik="5201145003976995")
    assert (adini.name, adini.sex, adini.birth_date) == ("ADINI SEPTIA LISTA", 2, date(1996, 3, 10))
    assert adini.area.name == "RT 004"
    assert adini.area.parent.name == "MANGSIT"
    again = run_import(SAMPLE, village=village(SENGGIGI), commit=False)
    assert again.counts == {"unchanged": 97}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.django_db
def test_export_then_import_into_an_empty_village_reproduces_every_field(
    tree: None, tmp_path: Path, suffix: str
) -> None:
    run_import(SAMPLE, village=village(SENGGIGI), commit=True)
    person = Resident.objects.get(nik="5201145003976995")
    Resident.objects.filter(pk=person.pk).update(
        religion=3,
        passport_no="X123",
        passport_expiry=date(2030, 1, 2),
        lat="-8.48",
        lng="116.04",
        insurance=2,
        insurance_no="000123",
        ektp=2,
        ektp_record=3,
        ethnicity="Sasak",
        chronic_illness=None,
        contraception=99,
        marriage_date=date(2015, 6, 7),
        pregnant=True,
        current_address="=HYPERLINK(x)",
    )
    fields = [
        f.name
        for f in Resident._meta.concrete_fields
        if f.name not in ("id", "created_at", "updated_at", "family", "area", "household")
    ]

    def snapshot() -> dict[str, Any]:
        rows = Resident.objects.select_related("family", "area").order_by("nik")
        return {
            r.nik: (
                [getattr(r, f) for f in fields],
                r.family.no_kk,
                r.family.address,
                r.area.code,
                r.area.name,
            )
            for r in rows
        }

    before = snapshot()
    out = tmp_path / f"ekspor{suffix}"
    assert export_residents(village(SENGGIGI), out) == 97
    LifeEvent.objects.all().delete()
    Resident.objects.all().delete()
    Family.objects.all().delete()
    for level in ("rt", "rw", "dusun"):
        Area.objects.filter(code__startswith=SENGGIGI + ".", level=level).delete()
    report = run_import(out, village=village(SENGGIGI), commit=True)
    assert report.counts == {"create": 97}
    assert snapshot() == before


@pytest.mark.django_db
def test_labels_and_codes_are_both_accepted(tree: None, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [row(sex="Laki-laki", agama_id="ISLAM", status_kawin="K", pekerjaan_id="petani/pekebun")],
    )
    report = run_import(path, village=village(), commit=True)
    assert report.counts == {"create": 1}
    person = Resident.objects.get()
    assert (person.sex, person.religion, person.marital_status, person.occupation) == (1, 1, 2, 9)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"nik": "7322033102901234"}, "tidak ada"),
        ({"nik": "12345"}, "16 digit"),
        ({"tanggallahir": "31-02-1990", "nik": "7322031705900002"}, "tidak valid"),
        ({"agama_id": "Jedi"}, "'Jedi' pada kolom agama_id tidak dikenal"),
        ({"no_kk": "732203"}, "No. KK"),
        ({"nama": "=1+1"}, "rumus"),
        ({"rt": "satu"}, "RW dan RT harus berupa angka"),
        ({"kk_level": ""}, "kk_level"),
        ({"tanggallahir": "01-01-2999"}, "masa depan"),
    ],
)
@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_good_rows_still_import(
    tree: None, tmp_path: Path, changes: dict[str, str], fragment: str
) -> None:
    good = row(nik="7322034101910001", sex="2", nama="Siti", tanggallahir="01-01-1991")
    path = write_csv(tmp_path / "bad.csv", [good, row(**changes)])
    report = run_import(path, village=village(), commit=True)
    assert report.counts["create"] == 1
    assert report.counts["error"] == 1
    assert fragment in errors_by_line(report)[3]
    assert list(Resident.objects.values_list("name", flat=True)) == ["SITI"]


@pytest.mark.django_db
def test_a_nik_twice_in_the_file_names_the_first_line(tree: None, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "twice.csv", [row(), row(nama="Orang Lain")])
    report = run_import(path, village=village(), commit=False)
    assert "baris 2" in errors_by_line(report)[3]


@pytest.mark.django_db
def test_hidden_characters_and_excel_apostrophes_are_cleaned(tree: None, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "hidden.csv",
        [row(nik="'7322031705\u200b900001\u00a0", no_kk="7322 0302 0315 0001")],
    )
    report = run_import(path, village=village(), commit=True)
    assert report.counts == {"create": 1}
    assert Resident.objects.get().nik == "7322031705900001"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "kosong"),
        (b"%PDF-1.7 binary", "bukan lembar kerja"),
        (b"MZ\x90\x00\x03", "bukan lembar kerja"),
        (b"nama,nik,no_kk,agamaa\n", "agamaa"),
        (b"nama,alamat\nAndi,x\n", "nik, no_kk"),
        ("nama,nik,no_kk\n\xff\xfe".encode("latin-1"), "UTF-8"),
    ],
)
@pytest.mark.django_db
def test_unreadable_files_are_refused_whole_with_a_reason(
    tree: None, tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=fragment):
        run_import(path, village=village(), commit=True)
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_xlsx_reads_every_sheet_but_kode_data_and_stops_at_the_end_marker(
    tree: None, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data Penduduk"
    sheet.append(list(BASE))
    sheet.append(list(row().values()))
    sheet.append(["", "###"])
    sheet.append(list(row(nik="7322034101910001", sex="2", nama="Setelah Penanda").values()))
    codes_sheet = book.create_sheet("Kode Data")
    codes_sheet.append(["kode", "nama"])
    codes_sheet.append([1, "ISLAM"])
    other = book.create_sheet("Dusun Dua")
    other.append(list(BASE))
    other.append(
        list(
            row(
                nik="7322034202920001",
                sex="2",
                nama="Dari Lembar Dua",
                tanggallahir="02-02-1992",
                dusun="Dua",
            ).values()
        )
    )
    path = tmp_path / "multi.xlsx"
    book.save(path)
    report = run_import(path, village=village(), commit=True)
    assert report.counts == {"create": 2}
    assert sorted(Resident.objects.values_list("name", flat=True)) == [
        "ANDI BASO",
        "DARI LEMBAR DUA",
    ]


@pytest.mark.django_db
def test_existing_resident_updates_show_the_diff_but_events_only_fields_are_refused(
    tree: None, tmp_path: Path
) -> None:
    run_import(write_csv(tmp_path / "a.csv", [row()]), village=village(), commit=True)
    changed = run_import(
        write_csv(tmp_path / "b.csv", [row(pekerjaan_id="88")]), village=village(), commit=True
    )
    assert changed.counts == {"update": 1}
    assert changed.rows[0].diff == {"occupation": [9, 88]}
    assert LifeEvent.objects.filter(kind=EventKind.CHANGE).count() == 1
    blocked = run_import(
        write_csv(tmp_path / "c.csv", [row(status_dasar="2")], header=[*BASE, "status_dasar"]),
        village=village(),
        commit=True,
    )
    assert "status" in errors_by_line(blocked)[2]
    assert Resident.objects.get().status == codes.BasicStatus.ALIVE


@pytest.mark.django_db
def test_a_nik_of_another_village_is_refused_naming_it_only_when_visible(
    tree: None, tmp_path: Path
) -> None:
    other = make_resident(DESA_PATTIMANG, name="Warga Pattimang")
    path = write_csv(
        tmp_path / "a.csv", [row(nik=other.nik, tanggallahir=f"{other.birth_date:%d-%m-%Y}")]
    )
    hidden = run_import(path, village=village(), commit=False)
    assert "desa lain" in errors_by_line(hidden)[2]
    shown = run_import(path, village=village(), commit=False, may_name_village=lambda code: True)
    assert "Pattimang" in errors_by_line(shown)[2]


@pytest.mark.parametrize(
    ("engine", "step"),
    [
        ("python", "balai.registry.importing.engine.insert_rows"),
        # After the areas and families are written, before the residents.
        ("sql", "balai.registry.importing.pg_import.event_notes"),
    ],
)
@pytest.mark.django_db
def test_a_failure_during_commit_writes_nothing(
    tree: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, step: str
) -> None:
    if engine == "sql" and connection.vendor != "postgresql":
        pytest.skip("the set-based import runs on PostgreSQL only")

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(step, boom)
    areas_before = Area.objects.count()
    with pytest.raises(RuntimeError):
        run_import(SAMPLE, village=village(SENGGIGI), commit=True, engine=engine)
    assert not Resident.objects.exists()
    assert not Family.objects.exists()
    assert Area.objects.count() == areas_before


@pytest.mark.django_db
def test_people_without_nik_get_temporary_numbers_and_are_matched_next_time(
    tree: None, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [row(nik="0")])
    first = run_import(path, village=village(), commit=True)
    assert first.counts == {"create": 1}
    person = Resident.objects.get()
    assert person.nik_is_temporary
    assert person.nik.startswith("0732203")
    second = run_import(path, village=village(), commit=True)
    assert second.counts == {"unchanged": 1}


@pytest.mark.django_db
def test_header_order_may_differ_and_unused_columns_may_be_missing(
    tree: None, tmp_path: Path
) -> None:
    header = list(reversed(list(BASE)))
    report = run_import(
        write_csv(tmp_path / "r.csv", [row()], header=header), village=village(), commit=True
    )
    assert report.counts == {"create": 1}
    assert set(COLUMN_NAMES) >= set(header)
