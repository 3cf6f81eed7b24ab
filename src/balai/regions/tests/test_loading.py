from __future__ import annotations

from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from balai.regions.loading import RegionFileError, load_regions
from balai.regions.models import Area, Kind, Level, TimeZone
from conftest import MINI_TREE

HEADER = "code,name,level,parent_code\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "wilayah.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.django_db
def test_bundled_file_loads_the_whole_country_and_a_second_run_changes_nothing() -> None:
    first = load_regions()
    assert first.totals == {
        Level.PROVINSI: 38,
        Level.KABUPATEN_KOTA: 514,
        Level.KECAMATAN: 7285,
        Level.DESA_KELURAHAN: 83762,
    }
    assert Area.objects.filter(level=Level.DESA_KELURAHAN, is_active=True).count() == 83762
    assert Area.objects.filter(kind=Kind.KOTA).count() == 98
    assert Area.objects.filter(kind=Kind.KELURAHAN).count() == 8496
    logs_before = LogEntry.objects.count()
    second = load_regions()
    assert not second.changed
    assert sum(second.unchanged.values()) == 91599
    assert LogEntry.objects.count() == logs_before


@pytest.mark.django_db
def test_kind_and_timezone_follow_the_code(tree: None) -> None:
    assert Area.objects.get(code="32.73").kind == Kind.KOTA
    assert Area.objects.get(code="73.22").kind == Kind.KABUPATEN
    assert Area.objects.get(code="73.22.03.1001").kind == Kind.KELURAHAN
    assert Area.objects.get(code="73.22.03.2004").kind == Kind.DESA
    assert Area.objects.get(code="91.03.01.3007").kind == Kind.DESA_ADAT
    assert Area.objects.get(code="32.73.01.1002").timezone == TimeZone.WIB
    assert Area.objects.get(code="73.22.03.2004").timezone == TimeZone.WITA
    assert Area.objects.get(code="94.01.01.1001").timezone == TimeZone.WIT


@pytest.mark.django_db
def test_renamed_area_is_updated_not_duplicated(tree: None, tmp_path: Path) -> None:
    text = MINI_TREE.read_text(encoding="utf-8").replace("Pincara,", "Pincara Baru,")
    path = tmp_path / "renamed.csv"
    path.write_text(text, encoding="utf-8")
    before = Area.objects.count()
    report = load_regions(path=path, retire_missing=False)
    assert report.updated == {Level.DESA_KELURAHAN: 1}
    assert Area.objects.count() == before
    assert Area.objects.get(code="73.22.03.2004").name == "Pincara Baru"
    entry = LogEntry.objects.filter(additional_data__event="regions.loaded").latest()
    assert entry.additional_data["updated"] == {"desa_kelurahan": 1}


@pytest.mark.django_db
def test_area_missing_from_a_full_file_is_retired_not_deleted(tree: None, tmp_path: Path) -> None:
    lines = [ln for ln in MINI_TREE.read_text(encoding="utf-8").splitlines() if "Kanna" not in ln]
    path = tmp_path / "without_kanna.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load_regions(path=path, retire_missing=True)
    assert report.retired == {Level.DESA_KELURAHAN: 1}
    assert Area.objects.get(code="73.17.01.2005").is_active is False


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("11,Aceh,provinsi,\n11.01,Kab,kabupaten,11\n", 3, "tingkat 'kabupaten'"),
        ("11,Aceh,provinsi,\n11.1,Kab,kabupaten_kota,11\n", 3, "tidak sesuai format"),
        ("11,Aceh,provinsi,\n11,Aceh,provinsi,\n", 3, "muncul dua kali"),
        ("11,Aceh,provinsi,\n11.01,,kabupaten_kota,11\n", 3, "kosong"),
        ("11,Aceh,provinsi,\n11.01.01,Kec,kecamatan,11.01\n", 3, "induk 11.01 tidak ada"),
        ("11,Aceh,provinsi,\n11.01,Kab,kabupaten_kota,12\n", 3, "harus '11'"),
        ("11,Aceh,provinsi\n", 2, "harus 4 kolom"),
    ],
)
@pytest.mark.django_db
def test_malformed_row_is_reported_with_its_line_and_nothing_is_written(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    before = Area.objects.count()
    with pytest.raises(RegionFileError) as caught:
        load_regions(path=write(tmp_path, body))
    assert caught.value.errors[0].line == line
    assert fragment in caught.value.errors[0].message
    assert Area.objects.count() == before


@pytest.mark.django_db
def test_good_rows_before_a_bad_one_are_not_written(tmp_path: Path) -> None:
    body = (
        "11,Aceh,provinsi,\n"
        "11.01,Kabupaten Aceh Selatan,kabupaten_kota,11\n"
        "11.01.01.9001,X,desa_kelurahan,11.01.01\n"
    )
    with pytest.raises(RegionFileError) as caught:
        load_regions(path=write(tmp_path, body))
    assert [e.line for e in caught.value.errors] == [4]
    assert not Area.objects.filter(code__in=["11", "11.01"]).exists()


@pytest.mark.django_db
def test_village_code_must_start_with_1_2_or_3(tmp_path: Path, tree: None) -> None:
    body = "73.22.01.9001,Salah,desa_kelurahan,73.22.01\n"
    with pytest.raises(RegionFileError, match="1, 2 atau 3"):
        load_regions(path=write(tmp_path, body), retire_missing=False)


@pytest.mark.django_db
def test_wrong_header_and_empty_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RegionFileError, match="kepala kolom"):
        load_regions(
            path=write(tmp_path, "11,Aceh,provinsi,\n", header="kode,nama,tingkat,induk\n")
        )
    with pytest.raises(RegionFileError, match="kosong"):
        load_regions(path=write(tmp_path, "", header=""))


@pytest.mark.django_db
def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "11,Acèh,provinsi,\n".encode("latin-1"))
    with pytest.raises(RegionFileError, match="UTF-8"):
        load_regions(path=path)


@pytest.mark.django_db
def test_command_prints_line_numbers_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "11,Aceh,provinsi,\n11.01,Kab,kabupaten,11\n")
    with pytest.raises(CommandError, match="1 baris salah"):
        call_command("regions", "load", "--file", str(path))
    assert "baris 3:" in capsys.readouterr().err
    assert not Area.objects.filter(code="11").exists()


@pytest.mark.django_db
def test_command_prints_counts(tree: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("regions", "load", "--file", str(MINI_TREE), "--keep-missing")
    out = capsys.readouterr().out
    assert "tidak ada perubahan" in out
    assert "Desa/Kelurahan" in out
