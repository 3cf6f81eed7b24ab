"""Letter numbers: formats, scopes, uniqueness, and 50 concurrent signings on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction

from balai.core.errors import DomainError
from balai.letters.models import IssuedDocument, LetterRequest, SequenceScope, Status
from balai.letters.services.numbering import format_number, number_take, validate_format
from balai.letters.services.requests import letter_request_transition
from balai.regions.models import Area
from conftest import DESA_PINCARA


@pytest.mark.django_db
def test_default_format_gives_the_usual_village_number(pincara: Area) -> None:
    number = format_number(
        "[kode]/[nomor,3]/[kode_desa]/[bulan_romawi]/[tahun]",
        sequence=7,
        classification="400.12.2.1",
        village=pincara,
        day=date(2025, 9, 3),
    )
    assert number == "400.12.2.1/007/2004/IX/2025"


@pytest.mark.django_db
def test_opensid_token_names_are_accepted(pincara: Area) -> None:
    fmt = validate_format("[kode_surat]/[nomor_surat, 4]/[tahun]")
    assert (
        format_number(fmt, sequence=12, classification="470", village=pincara, day=date(2026, 1, 2))
        == "470/0012/2026"
    )


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("[kode]/[tahun]", "harus memuat"),
        ("[kode]/[nomor]/[desa]", "tidak dikenal"),
        ("[kode]/[nomor,3]/[tahun,2]", "Lebar"),
        ("[kode]/[nomor]/[tahun", "kurung siku"),
        ("", "wajib"),
    ],
)
def test_bad_number_formats_are_refused(fmt: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        validate_format(fmt)


@pytest.mark.django_db(transaction=True)
def test_number_take_refuses_to_run_outside_a_transaction(pincara: Area) -> None:
    with pytest.raises(RuntimeError):
        number_take(village=pincara, year=2026, scope="", render=str)


@pytest.mark.django_db
def test_counters_are_per_year_and_per_scope(pincara: Area) -> None:
    with transaction.atomic():
        a = number_take(village=pincara, year=2026, scope="sktm", render=str)
        b = number_take(village=pincara, year=2026, scope="sktm", render=str)
        c = number_take(village=pincara, year=2027, scope="sktm", render=str)
        d = number_take(village=pincara, year=2026, scope="domisili", render=str)
    assert [a.sequence, b.sequence, c.sequence, d.sequence] == [1, 2, 1, 1]


@pytest.mark.django_db
def test_village_and_type_counters_never_go_below_each_other(pincara: Area) -> None:
    with transaction.atomic():
        typed = [number_take(village=pincara, year=2026, scope="sktm", render=str) for _ in "ab"]
        village = number_take(village=pincara, year=2026, scope="", render=str)
        after = number_take(village=pincara, year=2026, scope="domisili", render=str)
    assert [t.sequence for t in typed] == [1, 2]
    assert village.sequence == 3  # village-wide numbering continues above every type
    assert after.sequence == 4  # a type counter continues above the village-wide one


def _sign(make_request: Any, head: Any, operator: Any, kades: Any, letter_type: str) -> str:
    request = make_request(head, letter_type)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    return IssuedDocument.objects.get(request=request).number


@pytest.mark.django_db
def test_switching_the_scope_mid_year_never_repeats_a_printed_number(
    make_request, head, operator, kades, village_settings
) -> None:
    before = [_sign(make_request, head, operator, kades, "domisili") for _ in range(3)]
    village_settings.sequence_scope = SequenceScope.TYPE
    village_settings.save()
    during = [_sign(make_request, head, operator, kades, t) for t in ("domisili", "sktm")]
    village_settings.sequence_scope = SequenceScope.VILLAGE
    village_settings.save()
    after = _sign(make_request, head, operator, kades, "domisili")
    numbers = [*before, *during, after]
    assert len(set(numbers)) == len(numbers)
    sequences = list(IssuedDocument.objects.order_by("id").values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4, 4, 5]  # each scope continues from the highest used


@pytest.mark.django_db
def test_a_format_that_cannot_tell_types_apart_still_prints_distinct_numbers(
    make_request, head, operator, kades, village_settings
) -> None:
    village_settings.sequence_scope = SequenceScope.TYPE
    village_settings.number_format = "[nomor,3]/[tahun]"
    village_settings.save()
    numbers = [_sign(make_request, head, operator, kades, t) for t in ("domisili", "sktm")]
    year = IssuedDocument.objects.first().year
    assert numbers == [f"001/{year}", f"002/{year}"]  # sktm skips the number domisili printed


@pytest.mark.django_db
def test_database_refuses_a_second_letter_with_the_same_printed_number(
    make_request, head, operator, kades
) -> None:
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    issued = IssuedDocument.objects.get()
    clone = IssuedDocument(
        area=issued.area, year=issued.year, scope_key="domisili", sequence=issued.sequence,
        number=issued.number, letter_type="domisili", title="x", subject_name="x",
        signer_name="x", signer_title="x", issued_at=issued.issued_at,
        verification_code="other", pdf=b"", sha256="0",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    assert IssuedDocument.objects.count() == 1


@pytest.mark.django_db
def test_per_type_scope_numbers_each_type_on_its_own(
    make_request, head, operator, kades, village_settings
) -> None:
    village_settings.sequence_scope = SequenceScope.TYPE
    village_settings.save()
    for letter_type in ("domisili", "pengantar_skck", "domisili"):
        request = make_request(head, letter_type)
        letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
        letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    rows = list(IssuedDocument.objects.order_by("id").values_list("scope_key", "sequence"))
    assert rows == [("domisili", 1), ("pengantar_skck", 1), ("domisili", 2)]


@pytest.mark.django_db
def test_database_refuses_a_second_letter_with_the_same_number(
    make_request, head, operator, kades
) -> None:
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    issued = IssuedDocument.objects.get()
    clone = IssuedDocument(
        area=issued.area, year=issued.year, scope_key=issued.scope_key, sequence=issued.sequence,
        number="x", letter_type="domisili", title="x", subject_name="x", signer_name="x",
        signer_title="x", issued_at=issued.issued_at, verification_code="other", pdf=b"", sha256="0",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_signings_get_fifty_distinct_numbers_without_gaps(
    make_request, head, operator, kades
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    requests = []
    for _i in range(50):
        request = make_request(head)
        letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
        requests.append(request.pk)
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def sign(pk: int) -> None:
        try:
            barrier.wait()
            request = LetterRequest.objects.get(pk=pk)
            letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign, args=(pk,)) for pk in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sequences = sorted(
        IssuedDocument.objects.filter(area_id=DESA_PINCARA).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 51))
    numbers = IssuedDocument.objects.values_list("number", flat=True)
    assert len(set(numbers)) == 50


@pytest.mark.django_db(transaction=True)
def test_migration_renames_duplicate_printed_numbers_before_adding_the_constraint(
    pincara: Area,
) -> None:
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    executor = MigrationExecutor(connection)
    executor.migrate([("letters", "0001_initial")])
    old = executor.loader.project_state([("letters", "0001_initial")]).apps
    issued_model = old.get_model("letters", "IssuedDocument")
    now = timezone.now()
    for pk, (scope, number) in enumerate(
        [("", "470/001/2026"), ("sktm", "470/001/2026"), ("skck", "470/001/2026"), ("", "x")],
        start=1,
    ):
        issued_model.objects.create(
            area_id=pincara.code, year=2026, scope_key=scope, sequence=pk, number=number,
            letter_type="domisili", title="t", subject_name="s", signer_name="k",
            signer_title="Kepala Desa", issued_at=now, verification_code=f"v{pk}", pdf=b"",
            sha256="0",
        )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest schema
    numbers = list(IssuedDocument.objects.order_by("sequence").values_list("number", flat=True))
    assert numbers == ["470/001/2026", "470/001/2026 (2)", "470/001/2026 (3)", "x"]
