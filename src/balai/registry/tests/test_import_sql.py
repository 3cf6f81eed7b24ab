"""The set-based PostgreSQL import gives the Python path's report and rows, case by case."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from openpyxl import Workbook

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.importing.columns import COLUMN_NAMES
from balai.registry.importing.engine import ImportReport, run_import
from balai.registry.models import Family, LifeEvent, Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA

pytestmark = pytest.mark.postgres

SAMPLE = Path(__file__).parent / "data" / "contoh_penduduk.xlsx"
SENGGIGI = "52.01.14.2006"
BASE = {
    "alamat": "Jl. Poros Masamba",
    "dusun": "Satu",
    "rw": "-",
    "rt": "001",
    "nama": "Andi Baso",
    "no_kk": "7322030203150001",
    "sex": "1",
    "tempatlahir": "Masamba",
    "agama_id": "1",
    "kk_level": "4",
    "status_kawin": "1",
    "pekerjaan_id": "9",
    "warganegara_id": "1",
}


def nik(day: int, month: int, yy: int, serial: int, *, female: bool = False) -> str:
    return f"732203{day + (40 if female else 0):02d}{month:02d}{yy:02d}{serial:04d}"


def person(serial: int, **changes: Any) -> dict[str, Any]:
    """A valid new man born 17-05-1990 (serial makes the NIK unique)."""
    return {**BASE, "nik": nik(17, 5, 90, serial), "tanggallahir": "17-05-1990", **changes}


def same(existing: Resident) -> dict[str, Any]:
    """A row that repeats what the register holds about *existing*."""
    return {
        "nik": existing.nik,
        "nama": existing.name,
        "sex": str(existing.sex),
        "tanggallahir": f"{existing.birth_date:%d-%m-%Y}",
        "no_kk": existing.family.no_kk if existing.family else "",
        "kk_level": str(existing.family_relation),
        "tempatlahir": existing.birth_place,
        "pekerjaan_id": str(existing.occupation or ""),
    }


def cases(existing: list[Resident], unnumbered: Resident, elsewhere: Resident) -> list[Any]:
    """Rows covering every rule of parse.py, identifiers.py and the classification."""
    rows: list[Any] = [
        person(1, kk_level="1"),
        person(
            2, sex="Laki-laki", agama_id="ISLAM", status_kawin="K", pekerjaan_id="petani/pekebun"
        ),
        person(3, pendidikan_kk_id="tamat sd / sederajat", golongan_darah_id="Tdk Th"),
        person(4, nik="'7322031705\u200b900004\u00a0", no_kk="7322 0302 0315 0001"),
        person(5, nama="  Andi   Baso ", rt="'001", tempatlahir=" Palopo "),
        person(6, akta_lahir="-", suku="-", ayah_nik="0", ibu_nik=nik(1, 1, 60, 9, female=True)),
        person(7, nik="12345"),
        person(8, nik="73220317O5900008"),
        person(9, nik="7.32203E+15"),
        person(10, nik="0732203200400001"),
        person(11, nik="9999991705900011"),
        person(12, nik="9101011705900012"),  # retired Papua kecamatan: a warning
        person(13, nik="7322033205900013"),
        person(14, nik="7322033002900014", tanggallahir=""),
        person(15, nik="7322031705900000"),
        person(16, nik=nik(17, 5, 90, 16, female=True)),  # sex says man: a warning
        person(17, tanggallahir="18-05-1990"),  # NIK says 17th: a warning
        person(18, tanggallahir=""),
        person(19, nik=nik(17, 5, 90, 19), tanggallahir="31-02-1990"),
        person(20, tanggallahir="1990-05-17"),
        person(21, tanggallahir="17/05/1990"),
        person(22, tanggallahir="17.05.1990"),
        person(23, tanggallahir="01-01-2999"),
        person(24, tanggalperkawinan="01-01-1980", tanggalperceraian="01-01-2999"),
        person(25, agama_id="Jedi"),
        person(26, nama="=1+1"),
        person(27, nama="Andi 2"),
        person(28, nama="Andi@Baso", nama_ayah="Baso#", nama_ibu="Ñoño Siti"),
        person(29, ayah_nik="123"),
        person(30, akta_lahir="X" * 60),
        person(31, alamat="Jl. " + "a" * 260),
        person(32, no_kk="73220302031500"),
        person(33, no_kk="7322033002150001"),
        person(34, no_kk="7322030101990001"),  # 01-01-2099 would be future; 1999 is fine
        person(35, no_kk="7322030203150000"),
        person(36, rt="satu"),
        person(37, rt="1000"),
        person(38, dusun="Dusun Baru", rw="002", rt="003", no_kk="7322030203150038"),
        person(39, dusun="DSN. baru", rw="002", rt="004", no_kk="7322030203150038"),
        person(40, dusun="Satu", rw="001", rt="005"),  # .01.001 is an RT, not an RW
        person(1, nama="Kedua Kali"),  # NIK of line 2 again
        person(41, nik=nik(17, 5, 90, 42), agama_id="Jedi"),  # error: NIK not taken ...
        person(42, nik=nik(17, 5, 90, 42)),  # ... so this one is new
        same(existing[0]),  # unchanged
        {**same(existing[1]), "pekerjaan_id": "88", "suku": "Bugis"},  # update with a diff
        {**same(existing[2]), "status_dasar": "2"},  # refused: status moves only by events
        {**same(existing[3]), "no_kk": "7322030203150099"},  # refused: family
        {**same(existing[4]), "dusun": "Satu", "rt": "002"},  # refused: area
        person(43, nik=elsewhere.nik, tanggallahir=f"{elsewhere.birth_date:%d-%m-%Y}"),
        person(44, kk_level=""),
        person(45, no_kk=""),
        person(46, nama=""),
        person(47, no_kk=elsewhere.family.no_kk if elsewhere.family else ""),
        person(48, nik="0", nama="Tanpa Nomor"),
        person(49, nik="", nama="Tanpa Nomor Dua", tanggallahir="02-02-2002"),
        {
            **person(50, nik="0"),
            "nama": unnumbered.name.lower(),
            "tempatlahir": unnumbered.birth_place,
            "tanggallahir": f"{unnumbered.birth_date:%d-%m-%Y}",
            "no_kk": unnumbered.family.no_kk if unnumbered.family else "",
            "dusun": "",
            "rt": "",
            "kk_level": str(unnumbered.family_relation),
            "status_kawin": "",
            "pekerjaan_id": "",
            "agama_id": "",
            "warganegara_id": "",
            "alamat": "",
        },
        person(51, hamil="1"),  # a man: ignored, with a warning
        person(
            52,
            nik=nik(1, 1, 95, 52, female=True),
            sex="2",
            tanggallahir="01-01-1995",
            hamil="Hamil",
        ),
        person(53, status_dasar="2", no_kk="7322030203150053", kk_level="1"),
        "too many",
        "blank",
        person(54, no_kk="7322030203150054", alamat="", kk_level="4"),
        person(55, no_kk="7322030203150054", alamat="Jl. Kepala", kk_level="1"),
        person(56, no_kk="7322030203150054", alamat="Jl. Lain", kk_level="1"),
        person(57, nama="Tab\tDi Dalam"),
        person(58, nik="7322-0317-0590-0058"),
        person(59, tanggallahir="1-2-90"),
        person(60, sex="P"),
        person(
            61,
            ktp_el="KTP-EL",
            status_rekam="sudah rekam",
            id_asuransi="99",
            cara_kb_id="Lainnya",
            cacat_id="7",
            lat="-2.5",
            lng="120.3",
        ),
        person(62, status_dasar="PINDAH DALAM NEGERI", no_kk="7322030203150062", kk_level="1"),
        person(
            63,
            pendidikan_sedang_id="18",
            tanggal_akhir_paspor="2030-01-02",
            dokumen_pasport="A1234567",
        ),
        person(64, tanggallahir="17-5-1990"),
        person(65, nik=" 7322031705900065 "),
        person(66, nama="O'Neil-Baso, Jr."),
        person(67, tempatlahir="Rantepao\u00a0Utara"),
        "marker",
        person(68, nama="Setelah Penanda"),
    ]
    return rows


def write(path: Path, rows: list[Any]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMN_NAMES)
        for row in rows:
            if row == "too many":
                out.writerow([*person(90).values(), *[""] * 40, "lebih"])
            elif row == "blank":
                out.writerow([""] * len(COLUMN_NAMES))
            elif row == "marker":
                out.writerow(["", "###"])
            else:
                out.writerow([row.get(c, "") for c in COLUMN_NAMES])
    return path


def report_of(report: ImportReport) -> dict[str, Any]:
    data = report.as_dict()
    data["warnings"] = report.warnings
    data["rows"] = [{**r, "diff": list(r["diff"].items())} for r in data["rows"]]
    return data


def database(code: str) -> dict[str, Any]:
    skip = {"id", "created_at", "updated_at", "family", "household"}
    fields = [f.attname for f in Resident._meta.concrete_fields if f.name not in skip]
    people = {
        r["nik"]: r
        for r in Resident.objects.filter(area__within=code).values(*fields, "family__no_kk")
    }
    families = set(
        Family.objects.filter(area__within=code).values_list(
            "no_kk", "area_id", "address", "kk_is_temporary"
        )
    )
    events = sorted(
        (
            e.resident.nik,
            e.kind,
            e.event_date,
            e.report_date,
            e.entry_date,
            e.area_id,
            e.sex,
            e.delta,
            e.note,
            str(sorted(e.changes.items())),
        )
        for e in LifeEvent.objects.filter(area__within=code).select_related("resident")
    )
    areas = set(
        Area.objects.filter(code__startswith=code + ".").values_list(
            "code", "name", "level", "parent_id"
        )
    )
    return {"people": people, "families": families, "events": events, "areas": areas}


def both(path: Path, code: str, **kw: Any) -> tuple[Any, Any]:
    """Run the Python and the SQL path, each committed then rolled back; return both results."""
    results = []
    for engine in ("python", "sql"):
        village = Area.objects.get(code=code)
        dry = run_import(path, village=village, commit=False, engine=engine, **kw)
        with transaction.atomic():
            done = run_import(path, village=village, commit=True, engine=engine, **kw)
            results.append((report_of(dry), report_of(done), database(code)))
            transaction.set_rollback(True)
    return results[0], results[1]


@pytest.fixture
def sql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the set-based import runs on PostgreSQL only")


@pytest.mark.django_db
def test_every_rule_gives_the_same_report_and_rows_on_both_paths(
    tree: None, sql_only: None, tmp_path: Path
) -> None:
    existing = [
        make_resident(
            f"{DESA_PINCARA}.01.001",
            name=f"Warga Lama {name}",
            birth_place="Masamba",
            occupation=9,
            nik=nik(17, 5, 90, 9000 + i),
            family=Family.objects.create(
                no_kk=f"73220302031590{i:02d}", area_id=f"{DESA_PINCARA}.01.001"
            ),
        )
        for i, name in enumerate(["Satu", "Dua", "Tiga", "Empat", "Lima"])
    ]
    unnumbered = make_resident(
        f"{DESA_PINCARA}.01.001",
        name="Tanpa Nik Lama",
        birth_place="Masamba",
        birth_date=date(1980, 1, 2),
        nik=nik(2, 1, 80, 9002),
    )
    elsewhere = make_resident(
        f"{DESA_PATTIMANG}.01",
        name="Warga Pattimang",
        nik="7322011705909003",
        family=Family.objects.create(no_kk="7322010101200001", area_id=f"{DESA_PATTIMANG}.01"),
    )
    path = write(tmp_path / "semua.csv", cases(existing, unnumbered, elsewhere))

    python, sql = both(path, DESA_PINCARA)

    assert sql[0] == python[0]  # dry run: counts, every row, action, message, diff
    assert sql[1] == python[1]  # commit
    assert sql[2] == python[2]  # residents, families, events, areas
    errors = {r["line"]: " ".join(r["errors"]) for r in sql[1]["rows"] if r["action"] == "error"}
    # The file really exercises the rules (spot checks of the shared report).
    assert "16 digit" in errors[8]
    assert "notasi ilmiah" in errors[10]
    assert "sudah muncul di baris 2" in errors[42]
    assert "desa lain" in errors[50]
    assert "sudah dipakai wilayah lain" in errors[41]
    assert "lebih banyak kolom" in errors[61]
    assert all(r["name"] != "Setelah Penanda" for r in sql[1]["rows"])
    assert "No. KK 7322010101200001 terdaftar di desa lain" in errors[54]
    # The lower-case name of the unnumbered resident is the register's name in
    # another case (registry.names): unchanged, not an update.
    assert sql[1]["counts"] == {"create": 37, "update": 1, "unchanged": 2, "error": 34}
    assert sql[1]["warnings"] == 9
    assert sql[1]["new_areas"] == ["Dusun Dusun Baru", "RW RW 002", "RT RT 003", "RT RT 004"]
    assert Resident.objects.filter(area__within=DESA_PINCARA).count() == 6  # rolled back
    # Only the rows with something to say went through parse_row; the SQL rules took the rest.
    again = run_import(path, village=Area.objects.get(code=DESA_PINCARA), commit=False)
    assert again.phases["python_rows"] == 33


@pytest.mark.django_db
def test_opensid_sample_gives_the_same_report_and_rows_on_both_paths(
    tree: None, sql_only: None
) -> None:
    python, sql = both(SAMPLE, SENGGIGI, keep_rows=True)
    assert sql == python
    assert sql[1]["counts"] == {"create": 97, "update": 0, "unchanged": 0, "error": 0}
    assert len(sql[2]["people"]) == 97


@pytest.mark.django_db
def test_a_second_run_of_the_sample_is_unchanged_on_both_paths(tree: None, sql_only: None) -> None:
    run_import(SAMPLE, village=Area.objects.get(code=SENGGIGI), commit=True, engine="python")
    Resident.objects.filter(nik="5201145003976995").update(occupation=1, religion=None)
    python, sql = both(SAMPLE, SENGGIGI)
    assert sql == python
    assert sql[1]["counts"]["unchanged"] == 96
    assert sql[1]["counts"]["update"] == 1
    changed = next(r for r in sql[1]["rows"] if r["action"] == "update")
    assert dict(changed["diff"])["religion"][0] is None
    assert codes.BasicStatus.ALIVE in {p["status"] for p in sql[2]["people"].values()}


@pytest.mark.django_db
def test_typed_spreadsheet_cells_give_the_same_report_and_rows_on_both_paths(
    tree: None, sql_only: None, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data Penduduk"
    header = [*BASE, "nik", "tanggallahir", "tanggalperkawinan", "hamil", "suku"]
    sheet.append(header)
    typed: list[list[Any]] = [
        # Spreadsheet cells carry no time zone.
        [datetime(1990, 5, 17, 10, 30), date(2015, 6, 7), 2, "'Bugis"],  # noqa: DTZ001
        [date(1990, 5, 17), None, 2.0, True],  # a float code and a boolean
        ["17-05-1990", time(10, 30), 2, 1.5],  # a time where a date belongs
        ["=DATE(1990,5,17)", None, 2, None],  # a formula
        [datetime(1990, 5, 17), None, None, "  Bugis  Luwu "],  # noqa: DTZ001
    ]
    for serial, (born, married, pregnant, ethnicity) in enumerate(typed, start=1):
        values = {**BASE, "kk_level": 4}
        values["sex"] = 1  # an int cell
        values["agama_id"] = 1.0
        number: Any = int(nik(17, 5, 90, serial))  # NIK typed as a number
        if serial == 2:
            number = float(number)
        sheet.append([*values.values(), number, born, married, pregnant, ethnicity])
    other = book.create_sheet("Dusun Dua")
    other.append(header)
    first = list(person(6, dusun="Dua").values())[: len(BASE)]
    other.append([*first, nik(17, 5, 90, 6), "17-05-1990", "", "", ""])
    path = tmp_path / "bertipe.xlsx"
    book.save(path)

    python, sql = both(path, DESA_PINCARA, keep_rows=True)

    assert sql == python
    actions = [(r["sheet"], r["line"], r["action"]) for r in sql[1]["rows"]]
    assert ("Dusun Dua", 2, "create") in actions
    assert len(actions) == 6


def index_definitions() -> list[tuple[str, str]]:
    """The indexes and constraints of the register's tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('registry_resident', 'registry_lifeevent', 'registry_family') "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text IN "
            "('registry_resident', 'registry_lifeevent', 'registry_family') ORDER BY 1, 2"
        )
        return list(cursor.fetchall())


@pytest.mark.django_db
def test_a_large_load_builds_the_indexes_after_its_rows_with_the_same_result(
    tree: None, sql_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from balai.registry.importing import pg_indexes

    before = index_definitions()
    indexes = [name for name, definition in before if definition.startswith("CREATE")]
    keys = [name for name, definition in before if definition.startswith("FOREIGN KEY")]
    assert (len(indexes), len(keys)) == (21, 9)  # residents 10, events 7, families 4
    python, maintained = both(SAMPLE, SENGGIGI, keep_rows=True)
    monkeypatch.setattr(pg_indexes, "MIN_ROWS", 50)  # the sample's 97 rows count as large
    village = Area.objects.get(code=SENGGIGI)
    with transaction.atomic():
        report = run_import(SAMPLE, village=village, commit=True, keep_rows=True)
        rebuilt = (report_of(report), database(SENGGIGI))
        # Every index is back, as it was, and the unique NIK is enforced again.
        assert index_definitions() == before
        assert "write_indexes" in report.phases
        # Every step also has its CPU time, and the database backend's when it runs here.
        steps = {"stage", "parse", "classify", "report", "write_checks", "write_indexes"}
        assert steps <= report.cpu.keys()
        if Path(f"/proc/{connection.connection.info.backend_pid}/stat").exists():
            assert steps <= report.db_cpu.keys()
            assert all(seconds >= 0 for seconds in report.db_cpu.values())
        first, second = Resident.objects.filter(area__within=SENGGIGI).order_by("id")[:2]
        with pytest.raises(IntegrityError), transaction.atomic():
            # The database's own check (services refuse a clash before it).
            Resident.objects.filter(pk=second.pk).update(nik=first.nik)
        # A load smaller than the table (97 rows now) maintains them instead.
        with connection.cursor() as cursor:
            assert pg_indexes.worth_rebuilding(cursor.cursor, 97)
            assert not pg_indexes.worth_rebuilding(cursor.cursor, 96)
            assert not pg_indexes.worth_rebuilding(cursor.cursor, 49)
        transaction.set_rollback(True)
    assert rebuilt == (maintained[1], maintained[2]) == (python[1], python[2])


# --- CSV cells split by PostgreSQL itself -------------------------------------


def staged_in_python(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every CSV the Python reader stages (the server's CSV reader was not used)."""
    from balai.registry.importing import pg_staging

    calls: list[str] = []
    python_stage = pg_staging._stage_csv

    def spy(cur: Any, text: Any, name: str, staged: Any, progress: Any) -> None:
        calls.append(name)
        python_stage(cur, text, name, staged, progress)

    monkeypatch.setattr(pg_staging, "_stage_csv", spy)
    return calls


def dry_reports(path: Path, code: str) -> list[Any]:
    """The dry-run report (or the refusal) of the Python path and of the SQL path."""
    from balai.core.errors import DomainError

    found: list[Any] = []
    for engine in ("python", "sql"):
        try:
            found.append(
                report_of(
                    run_import(
                        path,
                        village=Area.objects.get(code=code),
                        commit=False,
                        keep_rows=True,
                        engine=engine,
                    )
                )
            )
        except DomainError as exc:
            found.append(exc.message)
    return found


@pytest.mark.django_db
def test_every_rule_read_by_the_server_csv_reader_gives_the_same_report_and_rows(
    tree: None, sql_only: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = [
        make_resident(
            f"{DESA_PINCARA}.01.001",
            name="Warga Lama",
            birth_place="Masamba",
            nik=nik(17, 5, 90, 9000),
            family=Family.objects.create(
                no_kk="7322030203159000", area_id=f"{DESA_PINCARA}.01.001"
            ),
        )
    ]
    elsewhere = make_resident(
        f"{DESA_PATTIMANG}.01",
        name="Warga Pattimang",
        nik="7322011705909003",
        family=Family.objects.create(no_kk="7322010101200001", area_id=f"{DESA_PATTIMANG}.01"),
    )
    # The rows the Python reader treats specially (more cells than titles, a
    # blank row, the end marker) are left out: the file is read by PostgreSQL.
    special = ("too many", "blank", "marker")
    rows = [r for r in cases(existing * 5, existing[0], elsewhere) if r not in special]
    rows += [person(70, alamat='Jl. "Baru", No. 7'), person(71, alamat="Baris\nKedua")]
    path = write(tmp_path / "semua.csv", rows)
    in_python = staged_in_python(monkeypatch)

    python, sql = both(path, DESA_PINCARA)

    assert in_python == []  # (the Python path reads with reader.read_rows)
    assert sql == python
    assert sql[1]["counts"]["create"] == 40
    errors = {r["line"]: " ".join(r["errors"]) for r in sql[1]["rows"] if r["action"] == "error"}
    assert "16 digit" in errors[8]
    created = {p["name"]: p for p in sql[2]["people"].values()}
    assert created["SETELAH PENANDA"]["birth_place"] == "Masamba"


BAD_CSV = {
    # cell text the two readers would split differently
    "quote inside a cell": 'Jl. 5" Baru',
    "text after a closing quote": '"Jl. 5"x',
    "quote ending a cell": 'Jl. 5"',
    "a lone carriage return": "Jl.\r5",
    "COPY's end of data": "\\.",
    "a NUL character": "Jl.\x005",
    "a very long cell": "x" * 33_000,
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", [*BAD_CSV, "blank row", "end marker", "short row", "long row"])
def test_a_csv_the_server_might_read_otherwise_is_read_by_python_with_the_same_report(
    tree: None, sql_only: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    header = ",".join(COLUMN_NAMES)
    # Enough good rows first that the odd one lies beyond the 8 KB the file type is sniffed from.
    good = [",".join(f'"{person(i).get(c, "")}"' for c in COLUMN_NAMES) for i in range(10, 80)]
    rows = list(good)
    if case in BAD_CSV:
        cells = [person(3).get(c, "") for c in COLUMN_NAMES]
        cells[0] = BAD_CSV[case]
        rows.insert(-1, ",".join(cells))
    elif case == "blank row":
        rows.insert(-1, "," * (len(COLUMN_NAMES) - 1))
    elif case == "end marker":
        rows.insert(-1, ",###" + "," * (len(COLUMN_NAMES) - 2))
    elif case == "short row":
        rows.insert(-1, good[0].rsplit(",", 3)[0].replace("0010", "0003"))
    else:
        rows.insert(-1, good[0].replace("0010", "0003") + ",,")
    path = tmp_path / "berkas.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode())
    in_python = staged_in_python(monkeypatch)

    python, sql = dry_reports(path, DESA_PINCARA)

    assert sql == python
    assert in_python == ["berkas.csv"]  # the SQL path fell back to the Python reader
    assert Resident.objects.filter(area__within=DESA_PINCARA).count() == 0


@pytest.mark.django_db
def test_a_csv_with_crlf_and_semicolons_is_read_by_the_server(
    tree: None, sql_only: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [";".join(COLUMN_NAMES)]
    lines += [";".join(str(person(i).get(c, "")) for c in COLUMN_NAMES) for i in (1, 2, 3)]
    path = tmp_path / "titik_koma.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    in_python = staged_in_python(monkeypatch)

    python, sql = dry_reports(path, DESA_PINCARA)

    assert in_python == []
    assert sql == python
    assert sql["counts"] == {"create": 3, "update": 0, "unchanged": 0, "error": 0}
    assert [r["line"] for r in sql["rows"]] == [2, 3, 4]


@pytest.mark.parametrize(
    ("chunk", "agree"),
    [
        (b'a,"b, c",d\n', True),
        (b'"a ""b""",c\r\n"",d\n', True),  # doubled quotes, an empty quoted cell
        (b'"multi\nline",x\n', True),
        (b'a,b"c,d\n', False),  # a quote inside an unquoted cell
        (b'a,b"c"d,e\n', False),  # two of them
        (b'a,"b"c,d\n', False),  # text after a closing quote
        (b'a,"b,c\n', False),  # an unclosed quote
        (b'a,x"\n', False),  # a quote ending an unquoted cell
    ],
)
def test_quotes_agree_only_when_both_csv_readers_split_alike(chunk: bytes, agree: bool) -> None:
    from balai.registry.importing.pg_staging import _quotes_agree

    assert _quotes_agree(chunk, b",") is agree
