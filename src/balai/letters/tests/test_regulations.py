"""Letter rules that follow the regulations: requirements, marital checks, moves, new types."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from balai.core.errors import DomainError
from balai.letters import catalogue
from balai.letters.models import IssuedDocument, LetterRequest, LetterTemplate, Status
from balai.letters.services import compose, pdf
from balai.letters.services.requests import letter_request_transition
from balai.registry import codes
from balai.registry.models import EventKind, LifeEvent, MoveScope, Resident
from balai.registry.services import resident_record_death, resident_record_move_out
from balai.registry.synth import nik_for
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, KEC_MALANGKE, login

pytestmark = pytest.mark.django_db

RT = f"{DESA_PINCARA}.01.001"


def signed_source(request: LetterRequest, operator: Any, kades: Any, settings: Any) -> str:
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    issued = IssuedDocument.objects.get(request=request)
    assert bytes(issued.pdf).startswith(b"%PDF-")
    source = pdf.letter_source(compose.doc_from_json(issued.layout, settings))
    # The printed text: the Typst string literals, joined.
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', source))


def test_default_requirements_ask_no_cover_letter_and_no_photocopies():
    for letter in catalogue.TYPES:
        for item in letter.requirements:
            assert "RT/RW" not in item, letter.code
            assert "otokopi" not in item, letter.code


def test_dukcapil_cover_letters_are_off_until_the_village_turns_them_on(
    make_request, head, pincara
):
    for code in ("pengantar_ktp", "pengantar_kk"):
        with pytest.raises(DomainError, match="tidak melayani"):
            make_request(head, code, data={"permohonan": "baru" if "ktp" in code else "KK baru"})
    assert not LetterRequest.objects.exists()
    LetterTemplate.objects.create(
        area=pincara,
        letter_type="pengantar_ktp",
        body=catalogue.letter_type("pengantar_ktp").body,  # type: ignore[union-attr]
        is_active=True,
    )
    assert make_request(head, "pengantar_ktp", data={"permohonan": "baru"}).pk


def test_unmarried_letter_checks_the_marital_status(make_request, head, child):
    head.marital_status = codes.MaritalStatus.MARRIED
    head.marriage_cert_no = "1234/2010"
    head.save()
    with pytest.raises(DomainError, match="Kawin Tercatat"):
        make_request(head, "belum_menikah")
    assert not LetterRequest.objects.exists()
    child.marital_status = codes.MaritalStatus.SINGLE
    child.save()
    assert make_request(child, "belum_menikah").letter_type == "belum_menikah"


def test_birth_letter_prints_the_father_and_accepts_an_sptjm(
    make_request, head, child, operator, kades, village_settings, family
):
    mother = make_resident(RT, name="Siti Rahma", sex=codes.Sex.FEMALE, family=family,
                           relation=codes.FamilyRelation.WIFE)  # fmt: skip
    request = make_request(
        child,
        "kelahiran",
        data={
            "ibu": mother.nik,
            "ayah": head.nik,
            "pelapor": head.nik,
            "hubungan_pelapor": "ayah kandung",
            "hari_lahir": "Minggu",
            "tempat_persalinan": "rumah",
            "bukti_kelahiran": "SPTJM kebenaran data kelahiran",
        },
    )
    source = signed_source(request, operator, kades, village_settings)
    assert "dan seorang ayah" in source
    assert "Budi Santoso" in source and head.nik in source
    assert "SPTJM kebenaran data kelahiran" in source


def test_death_letter_serves_a_death_at_home(
    make_request, head, child, operator, kades, village_settings
):
    resident_record_death(actor=None, resident=head, event_date=date(2026, 1, 5))
    head.refresh_from_db()
    sptjm = "SPTJM kebenaran data kematian (meninggal di rumah)"
    request = make_request(
        head,
        "kematian",
        data={
            "tanggal_meninggal": "2026-01-05",
            "tempat_meninggal": "Dusun I",
            "lokasi_meninggal": "rumah",
            "bukti_kematian": sptjm,
            "sebab": "sakit tua",
            "pelapor": child.nik,
        },
    )
    source = signed_source(request, operator, kades, village_settings)
    assert "(rumah)" in source
    assert sptjm in source


def test_heirs_may_live_elsewhere_and_their_relationship_is_printed(
    make_request, head, child, operator, kades, village_settings
):
    w1 = make_resident(RT, name="Saksi Satu")
    w2 = make_resident(RT, name="Saksi Dua")
    resident_record_death(actor=None, resident=head, event_date=date(2026, 1, 5))
    head.refresh_from_db()
    away = "7371015505900003"
    assert not Resident.objects.filter(nik=away).exists()
    request = make_request(
        head,
        "ahli_waris",
        data={
            "tanggal_meninggal": "2026-01-05",
            "ahli_waris": f"{child.nik}; {child.name}; anak kandung\n{away}; Rina Santoso; istri",
            "saksi1": w1.nik,
            "saksi2": w2.nik,
        },
    )
    assert request.data["ahli_waris"][1] == {
        "nik": away,
        "nama": "RINA SANTOSO",  # registry.names.person_name
        "hubungan": "istri",
    }
    source = signed_source(request, operator, kades, village_settings)
    assert f"RINA SANTOSO, NIK {away}, istri almarhum/almarhumah" in source
    assert f"ANI SANTOSO, NIK {child.nik}, anak kandung almarhum/almarhumah" in source


def test_heir_lines_without_relationship_are_refused(make_request, head, child):
    resident_record_death(actor=None, resident=head, event_date=date(2026, 1, 5))
    head.refresh_from_db()
    with pytest.raises(DomainError, match="hubungan"):
        make_request(
            head,
            "ahli_waris",
            data={"tanggal_meninggal": "2026-01-05", "ahli_waris": child.nik},
        )
    assert not LetterRequest.objects.exists()


def move_data(*followers: Resident) -> dict[str, Any]:
    return {
        "alamat_tujuan": "Jl. Sudirman 5, Makassar",
        "jenis_pindah": "Antar kabupaten dalam provinsi",
        "alasan": "pekerjaan",
        "tanggal_pindah": "2026-02-01",
        "pengikut": "\n".join(f.nik for f in followers),
    }


def test_move_letter_lists_followers_and_records_their_move_out(
    make_request, head, child, operator, kades, village_settings
):
    request = make_request(head, "pindah", data=move_data(child))
    assert request.data["pengikut"] == [child.nik]
    source = signed_source(request, operator, kades, village_settings)
    assert f"ANI SANTOSO, NIK {child.nik}" in source
    assert "bersama 1 orang pengikut" in source
    events = LifeEvent.objects.filter(kind=EventKind.MOVE_OUT).order_by("resident_id")
    assert [(e.resident_id, e.move_scope, e.delta) for e in events] == [
        (head.pk, MoveScope.PROVINCE, -1),
        (child.pk, MoveScope.PROVINCE, -1),
    ]
    assert {e.event_date for e in events} == {date(2026, 2, 1)}
    head.refresh_from_db()
    child.refresh_from_db()
    assert head.status == child.status == codes.BasicStatus.MOVED


def test_move_letter_is_not_signed_when_a_follower_already_left(
    make_request, head, child, operator, kades
):
    request = make_request(head, "pindah", data=move_data(child))
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    resident_record_move_out(
        actor=None,
        resident=child,
        event_date=date(2026, 1, 10),
        scope=MoveScope.KABUPATEN,
        destination="Palopo",
    )
    with pytest.raises(DomainError):
        letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    request.refresh_from_db()
    head.refresh_from_db()
    assert request.status == Status.VERIFIED
    assert not IssuedDocument.objects.exists()
    assert head.status == codes.BasicStatus.ALIVE
    assert LifeEvent.objects.filter(kind=EventKind.MOVE_OUT).count() == 1


def test_move_letter_refuses_the_subject_as_a_follower_and_counts_a_follower_once(
    make_request, head, child
):
    with pytest.raises(DomainError, match="pemohon pindah"):
        make_request(head, "pindah", data=move_data(child, head))
    assert not LetterRequest.objects.exists()
    request = make_request(head, "pindah", data=move_data(child, child))
    assert request.data["pengikut"] == [child.nik]


def test_domicile_letter_serves_a_non_permanent_resident(
    make_request, head, operator, kades, village_settings
):
    request = make_request(
        head,
        "domisili",
        data={
            "status_tinggal": "penduduk nonpermanen",
            "tinggal_sejak": "2025-08-01",
            "alamat_asal": "Jl. Ahmad Yani 3, Palopo",
        },
    )
    source = signed_source(request, operator, kades, village_settings)
    assert "penduduk nonpermanen" in source
    assert "Jl. Ahmad Yani 3, Palopo" in source and "1 Agustus 2025" in source


def test_marriage_cover_letter_prints_bin_binti_and_the_partner(
    make_request, head, operator, kades, village_settings
):
    head.marital_status = codes.MaritalStatus.WIDOWED
    head.father_name = "Santoso"
    head.save()
    request = make_request(
        head,
        "pengantar_nikah",
        data={
            "calon_nama": "Wati",
            "calon_nik": "7317014101950002",
            "calon_alamat": "Desa Pattimang",
            "pasangan_terdahulu": "Almh. Sari",
        },
    )
    source = signed_source(request, operator, kades, village_settings)
    assert "SURAT PENGANTAR PERKAWINAN" in source
    assert "Santoso" in source and "Cerai Mati" in source
    assert "7317014101950002" in source and "Almh. Sari" in source
    assert "PMA Nomor 20 Tahun 2019" in source


def test_marriage_cover_letter_is_refused_to_a_married_woman(make_request, child):
    child.marital_status = codes.MaritalStatus.MARRIED
    child.save()
    with pytest.raises(DomainError, match="hanya untuk penduduk berstatus"):
        make_request(
            child,
            "pengantar_nikah",
            data={"calon_nama": "X", "calon_nik": "7317010101950001", "calon_alamat": "Y"},
        )
    assert not LetterRequest.objects.exists()


def test_general_cover_letter_names_the_addressee(
    make_request, head, operator, kades, village_settings
):
    request = make_request(
        head,
        "pengantar",
        purpose="pengurusan beasiswa",
        data={"tujuan": "Dinas Pendidikan", "keterangan": "anak kedua"},
    )
    source = signed_source(request, operator, kades, village_settings)
    assert "Dinas Pendidikan" in source and "guna keperluan Pengurusan Beasiswa" in source
    assert "anak kedua" in source


def test_land_history_letter_prints_boundaries_and_history(
    make_request, head, operator, kades, village_settings, camat_user
):
    request = make_request(
        head,
        "riwayat_tanah",
        purpose="pendaftaran tanah",
        data={
            "letak": "Dusun I, persil 12",
            "luas": "1250",
            "dasar": "Letter C nomor 45",
            "batas_utara": "jalan desa",
            "batas_timur": "tanah Ahmad",
            "batas_selatan": "sungai",
            "batas_barat": "tanah Badu",
            "riwayat": "1985 milik La Tahang; 2001 diwariskan kepada Budi Santoso",
        },
    )
    source = signed_source(request, operator, kades, village_settings)
    assert "1.250" in source and "Letter C nomor 45" in source
    assert "sungai" in source and "diwariskan kepada Budi Santoso" in source
    done = letter_request_transition(request=request, to=Status.COUNTERSIGNED, actor=camat_user)
    assert done.completed_at is not None


def test_widow_letter_says_janda_for_a_woman_and_refuses_the_unmarried(
    make_request, child, head, operator, kades, village_settings
):
    data = {"pasangan_terdahulu": "Almarhum Budi", "sejak": "2024-03-01"}
    child.marital_status = codes.MaritalStatus.SINGLE
    child.save()
    with pytest.raises(DomainError, match="Cerai Hidup, Cerai Mati"):
        make_request(child, "janda_duda", data=data)
    child.marital_status = codes.MaritalStatus.WIDOWED
    child.save()
    source = signed_source(
        make_request(child, "janda_duda", data=data), operator, kades, village_settings
    )
    assert "janda" in source and "duda" not in source
    assert "Cerai Mati" in source and "1 Maret 2024" in source
    head.marital_status = codes.MaritalStatus.DIVORCED
    head.save()
    source = signed_source(
        make_request(head, "janda_duda", data=data), operator, kades, village_settings
    )
    assert "duda" in source and "Cerai Hidup Belum Tercatat" in source


OUTSIDER_NIK = nik_for(KEC_MALANGKE, date(1995, 5, 15), codes.Sex.FEMALE, 7)


def outsider_form(**extra: str) -> dict[str, str]:
    form = {
        "jenis": "domisili",
        "nik": OUTSIDER_NIK,
        "bukan_penduduk": "on",
        "nama_bukan_penduduk": "dewi  lestari",
        "alamat_bukan_penduduk": "Kos Melati, Dusun Satu",
        "alamat_asal": "Jl. Ahmad Yani 3, Palopo",
        "lama_tinggal": "6 bulan",
        "purpose": "melamar pekerjaan",
    }
    form.update(extra)
    return form


def test_domicile_letter_for_a_person_outside_the_register_prints_their_data(
    operator, kades, village_settings
):
    people_before = Resident.objects.count()
    response = login(operator).post("/layanan/permohonan/baru/", outsider_form())
    request = LetterRequest.objects.get()
    assert response.status_code == 302
    assert request.subject is None
    assert request.data["bukan_penduduk"] == {
        "nama": "DEWI LESTARI",
        "nik": OUTSIDER_NIK,
        "alamat": "Kos Melati, Dusun Satu",
    }
    assert request.data["status_tinggal"] == "penduduk nonpermanen"
    detail = login(operator).get(f"/layanan/permohonan/{request.pk}/").content.decode()
    assert "DEWI LESTARI" in detail and OUTSIDER_NIK in detail
    source = signed_source(request, operator, kades, village_settings)
    for printed in (
        "DEWI LESTARI",
        OUTSIDER_NIK,
        "Jl. Ahmad Yani 3, Palopo",
        "Kos Melati, Dusun Satu",
        "6 bulan",
        "Melamar Pekerjaan",  # [Keperluan] is Title Case
        "penduduk nonpermanen",
    ):
        assert printed in source, printed
    assert IssuedDocument.objects.get(request=request).subject_name == "DEWI LESTARI"
    assert Resident.objects.count() == people_before  # no registry record is created


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"nik": "1234"}, "NIK harus 16 digit angka"),  # the registry's NIK rules
        ({"nik": "7322010000000000"}, "Tanggal lahir dalam NIK (00) tidak valid"),
        ({"lama_tinggal": ""}, "Lama tinggal"),
        ({"alamat_asal": ""}, "Alamat asal"),
        ({"nama_bukan_penduduk": ""}, "Nama wajib diisi"),
    ],
)
def test_outsider_domicile_request_with_bad_data_is_refused_and_nothing_saved(
    operator, village_settings, change, field_error
):
    people_before = Resident.objects.count()
    response = login(operator).post("/layanan/permohonan/baru/", outsider_form(**change))
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not LetterRequest.objects.exists()
    assert Resident.objects.count() == people_before


def test_a_registered_villager_is_not_served_as_an_outsider(operator, head, village_settings):
    response = login(operator).post("/layanan/permohonan/baru/", outsider_form(nik=head.nik))
    assert response.status_code == 200
    assert "terdaftar sebagai penduduk desa ini" in response.content.decode()
    assert not LetterRequest.objects.exists()


def test_only_letter_types_serving_outsiders_take_one(make_request, operator, pincara):
    from balai.letters.services.requests import letter_request_create

    with pytest.raises(DomainError):
        letter_request_create(
            actor=operator,
            village=pincara,
            letter_type="usaha",
            subject=None,
            outsider={"nama": "X", "nik": OUTSIDER_NIK, "alamat": "Y"},
            data={"nama_usaha": "Warung", "jenis_usaha": "dagang", "alamat_usaha": "Z"},
            purpose="modal",
        )
    assert not LetterRequest.objects.exists()
