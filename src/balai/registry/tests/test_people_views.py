"""Registry pages: lists, details, forms and events, with every access denial."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.registry import codes
from balai.registry.models import EventKind, Family, LifeEvent, Resident
from balai.registry.synth import kk_for, nik_for
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, MakeUser, login

pytestmark = pytest.mark.django_db
RT1 = f"{DESA_PINCARA}.01.001"
RT2 = f"{DESA_PINCARA}.01.002"
LIST = reverse("registry:resident_list")
CREATE = reverse("registry:resident_create")


def detail(r: Resident) -> str:
    return reverse("registry:resident_detail", args=[r.pk])


def event_url(r: Resident, kind: str) -> str:
    return reverse("registry:resident_event", args=[r.pk, kind])


def access_entries(r: Resident) -> int:
    return LogEntry.objects.filter(
        object_pk=str(r.pk), action=LogEntry.Action.ACCESS, content_type__model="resident"
    ).count()


def snapshot() -> tuple[int, int, int, list[tuple[int, int, str]]]:
    rows = list(Resident.objects.order_by("pk").values_list("pk", "status", "area_id"))
    return Resident.objects.count(), LifeEvent.objects.count(), Family.objects.count(), rows


@pytest.fixture
def andi(tree: None) -> Resident:
    return make_resident(RT1, name="ANDI MAPPA", family=make_family(DESA_PINCARA))


@pytest.fixture
def sitti(tree: None) -> Resident:
    return make_resident(
        DESA_PATTIMANG, name="SITTI AMINAH", sex=codes.Sex.FEMALE, birth_date=date(1988, 2, 3)
    )


# ---- lists --------------------------------------------------------------------


def test_operator_lists_own_village_with_full_nik(
    operator: User, andi: Resident, sitti: Resident
) -> None:
    body = login(operator).get(LIST).content.decode()
    assert "ANDI MAPPA" in body and andi.nik in body
    assert "SITTI AMINAH" not in body


def test_camat_lists_the_kecamatan_with_nik_masked(
    camat: User, andi: Resident, sitti: Resident
) -> None:
    body = login(camat).get(LIST).content.decode()
    assert "ANDI MAPPA" in body
    assert andi.nik not in body and andi.nik[:6] + "••••••" + andi.nik[12:] in body
    assert "SITTI AMINAH" not in body  # Pattimang lies in another kecamatan


def test_rt_head_sees_only_the_rt(make_user: MakeUser, andi: Resident) -> None:
    other_rt = make_resident(RT2, name="BUDI RT DUA")
    head = make_user(Role.RT_HEAD, RT1)
    client = login(head)
    body = client.get(LIST).content.decode()
    assert "ANDI MAPPA" in body and "BUDI RT DUA" not in body
    assert andi.nik not in body
    assert client.get(detail(other_rt)).status_code == 404
    assert access_entries(other_rt) == 0


def test_search_by_name_nik_and_kk(operator: User, andi: Resident) -> None:
    make_resident(RT1, name="BUDI SANTOSO")
    client = login(operator)
    assert "ANDI" in client.get(LIST, {"q": "mappa andi"}).content.decode()
    assert "BUDI" not in client.get(LIST, {"q": "mappa"}).content.decode()
    by_nik = client.get(LIST, {"q": f"{andi.nik[:6]} {andi.nik[6:12]}\u200b{andi.nik[12:]}"})
    by_nik = by_nik.content.decode()
    assert "ANDI MAPPA" in by_nik and "BUDI" not in by_nik
    assert andi.family is not None
    by_kk = client.get(LIST, {"q": f" {andi.family.no_kk} "}).content.decode()
    assert "ANDI MAPPA" in by_kk and "BUDI" not in by_kk


def test_filters_sex_age_status_and_pregnancy(operator: User, andi: Resident) -> None:
    mother = make_resident(
        RT1, name="RINA HAMIL", sex=codes.Sex.FEMALE, birth_date=date(2000, 1, 5), pregnant=True
    )
    old = make_resident(RT1, name="KAKEK TUA", birth_date=date(1940, 1, 1))
    client = login(operator)
    women = client.get(LIST, {"sex": 2}).content.decode()
    assert "RINA HAMIL" in women and "ANDI MAPPA" not in women
    assert "RINA" in client.get(LIST, {"pregnant": "on"}).content.decode()
    assert "ANDI" not in client.get(LIST, {"pregnant": "on"}).content.decode()
    assert "KAKEK TUA" in client.get(LIST, {"age_band": "75+"}).content.decode()
    assert "ANDI" not in client.get(LIST, {"age_band": "75+"}).content.decode()
    client.post(event_url(old, "kematian"), {"event_date": "2025-01-02"})
    assert "KAKEK TUA" not in client.get(LIST).content.decode()
    assert "KAKEK TUA" in client.get(LIST, {"status": 2}).content.decode()
    assert "KAKEK TUA" in client.get(LIST, {"status": "semua"}).content.decode()
    assert mother.pk


def test_htmx_request_gets_only_the_rows(operator: User, andi: Resident) -> None:
    response = login(operator).get(LIST, {"q": "andi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "ANDI MAPPA" in body and "<html" not in body


def test_list_pages_by_keyset_without_counting(operator: User) -> None:
    for i in range(30):
        make_resident(RT1, name=f"WARGA {i:02d}")
    client = login(operator)
    first = client.get(LIST)
    assert first.content.decode().count("WARGA ") == 25
    next_url = first.context["next_url"]
    assert next_url
    second = client.get(LIST + next_url).content.decode()
    assert second.count("WARGA ") == 5 and "WARGA 29" in second and "WARGA 00" not in second


def _list_queries(client: Client, django_assert_max_num_queries: object) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(
    operator: User, django_assert_num_queries: object
) -> None:
    family = make_family(DESA_PINCARA)
    make_resident(RT1, name="SATU", family=family)
    client = login(operator)
    client.get(LIST)  # warm the cached area choices, whatever ran before in this process
    few = _list_queries(client, None)
    for i in range(20):
        make_resident(RT1, name=f"BANYAK {i}", family=family)
    assert _list_queries(client, None) == few
    # session, user, acting role, area choices, the page itself
    with django_assert_num_queries(few):  # type: ignore[operator]
        client.get(LIST)
    assert few <= 6


def test_family_list_and_detail(
    operator: User, camat: User, other_operator: User, andi: Resident
) -> None:
    family = andi.family
    assert family is not None
    make_resident(
        RT1,
        name="ISTRI ANDI",
        sex=codes.Sex.FEMALE,
        family=family,
        relation=codes.FamilyRelation.WIFE,
    )
    body = login(operator).get(reverse("registry:family_list")).content.decode()
    assert family.no_kk in body and "ANDI MAPPA" in body
    url = reverse("registry:family_detail", args=[family.pk])
    page = login(operator).get(url).content.decode()
    assert "ISTRI ANDI" in page and family.no_kk in page
    masked = login(camat).get(url).content.decode()
    assert family.no_kk not in masked and "ISTRI ANDI" in masked
    assert login(other_operator).get(url).status_code == 404
    assert "ANDI" not in login(other_operator).get(reverse("registry:family_list")).content.decode()


# ---- detail ---------------------------------------------------------------------


def test_detail_shows_fields_family_history_and_logs_the_view(
    operator: User, andi: Resident
) -> None:
    response = login(operator).get(detail(andi))
    body = response.content.decode()
    assert response.status_code == 200
    assert andi.nik in body and "Pendataan" in body and "Identitas" in body
    assert access_entries(andi) == 1
    login(operator).get(detail(andi))
    assert access_entries(andi) == 2


def test_detail_outside_scope_is_404_and_not_logged(other_operator: User, andi: Resident) -> None:
    assert login(other_operator).get(detail(andi)).status_code == 404
    assert access_entries(andi) == 0


def test_camat_sees_detail_masked_without_write_links(camat: User, andi: Resident) -> None:
    body = login(camat).get(detail(andi)).content.decode()
    assert andi.nik not in body
    assert event_url(andi, "kematian") not in body
    assert access_entries(andi) == 1


def test_late_report_is_marked(operator: User, andi: Resident) -> None:
    login(operator).post(
        event_url(andi, "kematian"), {"event_date": "2024-01-30", "report_date": "2024-03-01"}
    )
    body = login(operator).get(detail(andi)).content.decode()
    assert "terlambat" in body and "30-01-2024" in body and "01-03-2024" in body


# ---- create and edit ----------------------------------------------------------------


def person_post(**extra: object) -> dict[str, object]:
    born = date(1995, 4, 12)
    data: dict[str, object] = {
        "nik": nik_for("73.22.03", born, codes.Sex.MALE, 4321),
        "name": "  Baharuddin   Lapa ",
        "sex": codes.Sex.MALE,
        "birth_place": "Masamba",
        "birth_date": born.isoformat(),
        "citizenship": codes.Citizenship.WNI,
        "area": RT1,
        "no_kk": "",
    }
    data.update(extra)
    return data


def test_operator_registers_a_resident_with_a_new_family(operator: User) -> None:
    kk = kk_for("73.22.03", date(2020, 1, 6), 77)
    response = login(operator).post(CREATE, person_post(no_kk=kk))
    person = Resident.objects.get(name="BAHARUDDIN LAPA")
    assert response.status_code == 302 and response["Location"] == detail(person)
    assert person.area_id == RT1 and person.family is not None and person.family.no_kk == kk
    assert list(person.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]


def test_move_in_records_scope_and_origin(operator: User) -> None:
    login(operator).post(
        CREATE + "?jenis=datang",
        person_post(event_date="2025-02-01", move_scope="kabupaten", place="Palopo"),
    )
    event = LifeEvent.objects.get(resident__name="BAHARUDDIN LAPA")
    assert (event.kind, event.move_scope, event.place) == (EventKind.MOVE_IN, "kabupaten", "Palopo")
    assert event.event_date == date(2025, 2, 1)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"nik": "7322031204951234x"}, "nik", "angka"),
        ({"nik": "7322033102951234"}, "nik", "NIK"),
        ({"birth_date": "2024-02-31"}, "birth_date", "tanggal"),
        (
            {"birth_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
            "birth_date",
            "masa depan",
        ),
        ({"no_kk": "12345"}, "no_kk", "16 digit"),
        ({"sex": 7}, "sex", "Pilih"),
        ({"pregnant": "on"}, "pregnant", "perempuan"),
    ],
)
def test_bad_input_shows_indonesian_errors_and_writes_nothing(
    operator: User, change: dict[str, object], field: str, message: str
) -> None:
    before = snapshot()
    response = login(operator).post(CREATE, person_post(**change))
    assert response.status_code == 200
    form = (
        response.context["form"]
        if field in response.context["form"].fields
        else response.context["entry"]
    )
    assert message.lower() in " ".join(form.errors[field]).lower(), form.errors
    assert snapshot() == before


def test_duplicate_nik_names_the_village_only_if_visible(
    operator: User, make_user: MakeUser, sitti: Resident
) -> None:
    before = snapshot()
    response = login(operator).post(
        CREATE, person_post(nik=sitti.nik, sex=2, birth_date="1988-02-03")
    )
    body = response.content.decode()
    assert "NIK sudah terdaftar" in body and "desa lain" in body and "Pattimang" not in body
    kab = make_user(Role.SYSTEM_ADMIN, None)
    body = (
        login(kab)
        .post(CREATE, person_post(nik=sitti.nik, sex=2, birth_date="1988-02-03", area=DESA_PINCARA))
        .content.decode()
    )
    assert "Pattimang" in body
    assert snapshot() == before


def test_refused_nik_leaves_no_empty_family(operator: User) -> None:
    kk = kk_for("73.22.03", date(2020, 1, 6), 78)
    login(operator).post(CREATE, person_post(no_kk=kk, nik="7322033102951234"))
    assert not Family.objects.filter(no_kk=kk).exists()


def test_camat_and_rt_head_cannot_create(camat: User, make_user: MakeUser) -> None:
    before = snapshot()
    assert login(camat).post(CREATE, person_post()).status_code == 403
    assert login(make_user(Role.RT_HEAD, RT1)).post(CREATE, person_post()).status_code == 403
    assert snapshot() == before


def test_operator_cannot_register_into_another_village(other_operator: User) -> None:
    before = snapshot()
    response = login(other_operator).post(CREATE, person_post())
    assert response.status_code == 200 and "area" in response.context["entry"].errors
    assert snapshot() == before


def test_edit_records_a_change_event(operator: User, andi: Resident) -> None:
    from balai.registry.forms import RESIDENT_FIELDS

    data = {
        k: v
        for k, v in Resident.objects.filter(pk=andi.pk).values(*RESIDENT_FIELDS)[0].items()
        if v is not None
    }
    data.update(name="Andi Mappaseng", birth_date="1990-05-17", pregnant="")
    response = login(operator).post(reverse("registry:resident_edit", args=[andi.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    andi.refresh_from_db()
    assert andi.name == "ANDI MAPPASENG"
    change = andi.events.get(kind=EventKind.CHANGE)
    assert change.changes["name"] == ["ANDI MAPPA", "ANDI MAPPASENG"]


def test_edit_denied_outside_scope_and_to_camat(
    other_operator: User, camat: User, andi: Resident
) -> None:
    url = reverse("registry:resident_edit", args=[andi.pk])
    before = snapshot()
    assert login(other_operator).post(url, {"name": "X", "sex": 1}).status_code == 404
    assert login(camat).post(url, {"name": "X", "sex": 1}).status_code == 403
    assert login(camat).get(url).status_code == 403
    assert snapshot() == before and Resident.objects.get(pk=andi.pk).name == "ANDI MAPPA"


def test_birth_creates_the_child_in_the_family_with_the_mother(
    operator: User, andi: Resident
) -> None:
    family = andi.family
    assert family is not None
    mother = make_resident(
        RT1,
        name="IBU SITI",
        sex=codes.Sex.FEMALE,
        family=family,
        relation=codes.FamilyRelation.WIFE,
        birth_date=date(1992, 3, 3),
    )
    url = f"{CREATE}?jenis=lahir&keluarga={family.pk}"
    assert "IBU SITI" in login(operator).get(url).content.decode()
    born = date(2025, 1, 10)
    response = login(operator).post(
        url,
        {
            "mother": mother.pk,
            "father": andi.pk,
            "nik": "",
            "name": "bayi mungil",
            "sex": codes.Sex.FEMALE,
            "birth_date": born.isoformat(),
            "citizenship": 1,
            "family_relation": codes.FamilyRelation.CHILD,
            "report_date": "2025-01-12",
        },
    )
    assert response.status_code == 302
    child = Resident.objects.get(name="BAYI MUNGIL")
    assert (
        child.family == family and child.mother_name == "IBU SITI" and child.father_nik == andi.nik
    )
    assert child.nik_is_temporary
    (event,) = child.events.all()
    assert (event.kind, event.event_date, event.report_date) == (
        EventKind.BIRTH,
        born,
        date(2025, 1, 12),
    )


def test_birth_in_a_family_outside_scope_is_404(other_operator: User, andi: Resident) -> None:
    assert andi.family is not None
    url = f"{CREATE}?jenis=lahir&keluarga={andi.family.pk}"
    assert login(other_operator).get(url).status_code == 404


# ---- events -------------------------------------------------------------------------


def test_death_through_the_form(operator: User, andi: Resident) -> None:
    response = login(operator).post(
        event_url(andi, "kematian"), {"event_date": "2025-03-04", "place": "Rumah"}
    )
    assert response.status_code == 302
    andi.refresh_from_db()
    assert andi.status == codes.BasicStatus.DEAD
    death = andi.events.get(kind=EventKind.DEATH)
    assert death.report_date == timezone.localdate() and death.place == "Rumah"


def test_move_out_needs_a_scope_outside_the_village(operator: User, andi: Resident) -> None:
    url = event_url(andi, "pindah-keluar")
    bad = login(operator).post(
        url, {"event_date": "2025-03-04", "scope": "desa", "destination": "x"}
    )
    assert "scope" in bad.context["form"].errors
    ok = login(operator).post(
        url, {"event_date": "2025-03-04", "scope": "luar_negeri", "destination": "Kuala Lumpur"}
    )
    assert ok.status_code == 302
    andi.refresh_from_db()
    assert andi.status == codes.BasicStatus.MOVED
    assert andi.events.get(kind=EventKind.MOVE_OUT).move_scope == "luar_negeri"


def test_missing_then_return(operator: User, andi: Resident) -> None:
    client = login(operator)
    client.post(event_url(andi, "hilang"), {"event_date": "2025-01-04"})
    client.post(event_url(andi, "kembali"), {"event_date": "2025-02-04", "area": RT2})
    andi.refresh_from_db()
    assert andi.status == codes.BasicStatus.ALIVE and andi.area_id == RT2
    kinds = list(andi.events.values_list("kind", flat=True))
    assert kinds == [EventKind.REGISTERED, EventKind.MISSING, EventKind.RETURN]


def test_move_within_village(operator: User, andi: Resident) -> None:
    response = login(operator).post(
        event_url(andi, "pindah-alamat"), {"event_date": "2025-02-04", "area": RT2}
    )
    assert response.status_code == 302
    andi.refresh_from_db()
    assert andi.area_id == RT2
    assert andi.events.get(kind=EventKind.ADDRESS).changes == {"area": [RT1, RT2]}


def test_move_within_village_refuses_another_village(operator: User, andi: Resident) -> None:
    response = login(operator).post(
        event_url(andi, "pindah-alamat"),
        {"event_date": "2025-02-04", "area": f"{DESA_PATTIMANG}.01"},
    )
    assert "area" in response.context["form"].errors
    assert Resident.objects.get(pk=andi.pk).area_id == RT1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"event_date": "2999-01-01"}, "event_date", "masa depan"),
        ({"event_date": "2025-02-30"}, "event_date", "tanggal"),
        ({"event_date": "2025-02-10", "report_date": "2025-02-01"}, "report_date", "sebelum"),
        ({"event_date": "1980-01-01"}, None, "sebelum tanggal lahir"),
    ],
)
def test_event_bad_dates_are_refused_in_indonesian(
    operator: User, andi: Resident, data: dict[str, str], field: str | None, message: str
) -> None:
    before = snapshot()
    response = login(operator).post(event_url(andi, "kematian"), data)
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field or "__all__", [])), errors
    assert snapshot() == before


def test_event_on_a_dead_resident_is_refused(operator: User, andi: Resident) -> None:
    client = login(operator)
    client.post(event_url(andi, "kematian"), {"event_date": "2025-01-04"})
    response = client.post(event_url(andi, "hilang"), {"event_date": "2025-01-05"})
    assert "bukan penduduk hidup" in " ".join(response.context["form"].non_field_errors())
    assert andi.events.count() == 2


@pytest.mark.parametrize(
    "kind", ["kematian", "pindah-keluar", "hilang", "pindah-alamat", "gabung-kk"]
)
def test_events_denied_to_other_village_and_camat(
    other_operator: User, camat: User, andi: Resident, kind: str
) -> None:
    before = snapshot()
    data = {"event_date": "2025-01-04", "scope": "kabupaten", "destination": "x", "area": RT2}
    assert login(other_operator).post(event_url(andi, kind), data).status_code == 404
    assert login(camat).post(event_url(andi, kind), data).status_code == 403
    assert snapshot() == before


def test_unknown_event_kind_is_404(operator: User, andi: Resident) -> None:
    assert login(operator).get(event_url(andi, "terbang")).status_code == 404


def test_family_split_and_join(operator: User, andi: Resident) -> None:
    family = andi.family
    assert family is not None
    son = make_resident(
        RT1,
        name="ANAK SULUNG",
        family=family,
        relation=codes.FamilyRelation.CHILD,
        birth_date=date(2000, 1, 1),
    )
    wife = make_resident(RT1, name="ISTRI ANAK", sex=codes.Sex.FEMALE, birth_date=date(2001, 1, 1))
    new_kk = kk_for("73.22.03", date(2025, 1, 6), 99)
    client = login(operator)
    response = client.post(
        reverse("registry:family_split", args=[family.pk]),
        {
            "members": [son.pk],
            "head": son.pk,
            "no_kk": new_kk,
            "event_date": "2025-01-06",
        },
    )
    assert response.status_code == 302
    son.refresh_from_db()
    assert son.family is not None and son.family.no_kk == new_kk
    assert son.family_relation == codes.FamilyRelation.HEAD
    split = son.events.get(kind=EventKind.FAMILY_SPLIT)
    assert (split.family_before, split.family_after) == (family, son.family)
    response = client.post(
        event_url(wife, "gabung-kk"),
        {
            "no_kk": new_kk,
            "relation": codes.FamilyRelation.WIFE,
            "event_date": "2025-01-07",
        },
    )
    assert response.status_code == 302
    wife.refresh_from_db()
    assert wife.family == son.family and wife.family_relation == codes.FamilyRelation.WIFE


def test_family_split_refuses_an_existing_kk_and_denies_outsiders(
    operator: User, other_operator: User, camat: User, andi: Resident
) -> None:
    family = andi.family
    assert family is not None
    other = make_family(DESA_PINCARA)
    url = reverse("registry:family_split", args=[family.pk])
    data = {"members": [andi.pk], "head": andi.pk, "no_kk": other.no_kk, "event_date": "2025-01-06"}
    before = snapshot()
    response = login(operator).post(url, data)
    assert "No. KK sudah terdaftar" in " ".join(response.context["form"].errors.get("no_kk", []))
    assert login(other_operator).post(url, data).status_code == 404
    assert login(camat).post(url, data).status_code == 403
    assert snapshot() == before


def test_nav_link_shows_only_to_registry_viewers(operator: User, make_user: MakeUser) -> None:
    assert 'data-testid="nav-registry"' in login(operator).get("/").content.decode()
    resident_user = make_user(Role.RESIDENT, DESA_PINCARA)
    assert 'data-testid="nav-registry"' not in login(resident_user).get("/").content.decode()
    assert login(resident_user).get(LIST).status_code == 403


def test_detail_tells_a_recorded_marriage_from_an_unrecorded_one(
    operator: User, andi: Resident
) -> None:
    andi.marital_status = codes.MaritalStatus.MARRIED
    andi.save()
    assert "Kawin Belum Tercatat" in login(operator).get(detail(andi)).content.decode()
    andi.marriage_cert_no = "0123/45/VI/2010"
    andi.save()
    body = login(operator).get(detail(andi)).content.decode()
    assert "Kawin Tercatat" in body and "Belum Tercatat" not in body
