"""Instrument pages: GET writes nothing, the default set on request, add/edit/deactivate.

Visits already started keep the questions and instrument names they were asked.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.accounts.models import User
from balai.accounts.roles import Office, Role
from balai.regions.models import Area
from balai.supervision import services
from balai.supervision.models import Activity, Instrument, Question, Visit
from conftest import DESA_PINCARA, KAB_LUTRA, KAB_LUWU, KEL_KAPPUNA, MakeUser, login

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def _defaults(actor: User) -> None:
    services.instruments_ensure_defaults(actor=actor, kabupaten=Area.objects.get(code=KAB_LUTRA))


def _start(activity: Activity, camat: User, village: str) -> Visit:
    return services.visit_start(actor=camat, visit=activity.visits.get(area_id=village), brief={})


def test_instruments_page_get_writes_nothing(camat: User, dpmd: User) -> None:
    client = login(camat)
    client.get("/")  # session and role settle before the measured request
    before = (Instrument.objects.count(), Question.objects.count(), LogEntry.objects.count())
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("supervision:instruments"))
    assert page.status_code == 200
    assert _writes(ctx) == []
    after = (Instrument.objects.count(), Question.objects.count(), LogEntry.objects.count())
    assert after == before == (0, 0, before[2])
    body = page.content.decode()
    assert 'data-testid="no-instruments"' in body
    assert 'data-testid="instruments-defaults"' not in body  # a camat does not install them
    assert (
        'data-testid="instruments-defaults"'
        in login(dpmd).get(reverse("supervision:instruments")).content.decode()
    )


def test_default_set_is_installed_by_an_explicit_post_only_by_dpmd(camat: User, dpmd: User) -> None:
    url = reverse("supervision:instruments_defaults")
    denied = login(camat).post(url)
    assert denied.status_code == 403 and not Instrument.objects.exists()
    assert login(dpmd).get(url).status_code == 405 and not Instrument.objects.exists()
    ok = login(dpmd).post(url)
    assert ok.status_code == 302
    codes = sorted(Instrument.objects.filter(area_id=KAB_LUTRA).values_list("code", flat=True))
    assert codes == ["administrasi", "apbdes", "pengaduan", "posyandu", "spm-papan"]
    count = Question.objects.count()
    again = login(dpmd).post(url)
    assert again.status_code == 302 and Question.objects.count() == count


def test_first_visit_start_still_installs_the_default_set(activity: Activity, camat: User) -> None:
    visit = _start(activity, camat, DESA_PINCARA)
    assert visit.instruments.count() == 5
    assert visit.questions.count() == Question.objects.count() == 12


def test_dpmd_adds_an_instrument_and_its_questions(camat: User, dpmd: User) -> None:
    url = reverse("supervision:instruments")
    denied = login(camat).post(url, {"code": "kebersihan", "name": "Kebersihan kantor"})
    assert denied.status_code == 403 and not Instrument.objects.exists()
    ok = login(dpmd).post(url, {"code": "kebersihan", "name": "Kebersihan kantor"})
    instrument = Instrument.objects.get(code="kebersihan")
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "supervision:instrument", args=[instrument.pk]
    )
    taken = login(dpmd).post(url, {"code": "kebersihan", "name": "Lagi"})
    assert taken.status_code == 400
    assert "Kode kebersihan sudah dipakai instrumen lain." in taken.content.decode()
    assert Instrument.objects.count() == 1
    bad_slug = login(dpmd).post(url, {"code": "bukan kode!", "name": "x"})
    assert bad_slug.status_code == 400 and Instrument.objects.count() == 1

    detail = reverse("supervision:instrument", args=[instrument.pk])
    one_choice = {"text": "Warna papan?", "answer_type": "pilihan", "choices": "biru"}
    bad = login(dpmd).post(detail, {"action": "question", **one_choice})
    assert bad.status_code == 400 and not Question.objects.exists()
    assert "Isi paling sedikit dua pilihan" in bad.content.decode()
    assert login(camat).post(detail, {"action": "question", **one_choice}).status_code == 403
    ok_q = login(dpmd).post(detail, {**one_choice, "action": "question", "choices": "biru|merah"})
    assert ok_q.status_code == 302
    assert list(instrument.questions.values_list("text", "order")) == [("Warna papan?", 1)]
    # Everyone supervising in the kabupaten reads it; the kecamatan sees no edit form.
    page = login(camat).get(detail)
    assert page.status_code == 200 and "Warna papan?" in page.content.decode()
    assert 'data-testid="question-new"' not in page.content.decode()


def test_finding_answer_must_fit_the_answer_type(dpmd: User) -> None:
    _defaults(dpmd)
    question = Question.objects.get(instrument__code="spm-papan", order=1)
    url = reverse("supervision:question_edit", args=[question.instrument_id, question.pk])
    response = login(dpmd).post(
        url,
        {"text": question.text, "answer_type": "ya_tidak", "finding_if": "mungkin", "order": 1},
    )
    assert response.status_code == 400
    assert "Untuk pertanyaan ya/tidak, isi ya atau tidak." in response.content.decode()
    question.refresh_from_db()
    assert question.finding_if == "tidak" and question.is_active


def test_unasked_question_is_edited_in_place(dpmd: User) -> None:
    _defaults(dpmd)
    question = Question.objects.get(instrument__code="apbdes", order=2)
    url = reverse("supervision:question_edit", args=[question.instrument_id, question.pk])
    assert login(dpmd).get(url).status_code == 200
    count = Question.objects.count()
    response = login(dpmd).post(
        url,
        {
            "text": "APBDes diumumkan di baliho?",
            "answer_type": "ya_tidak",
            "finding_if": "tidak",
            "order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.text, question.order, question.is_active) == (
        "APBDes diumumkan di baliho?",
        5,
        True,
    )
    assert Question.objects.count() == count


def test_started_visit_keeps_what_it_was_asked(activity: Activity, camat: User, dpmd: User) -> None:
    first = _start(activity, camat, DESA_PINCARA)
    question = Question.objects.get(instrument__code="spm-papan", order=1)
    old_text = question.text
    services.visit_save_draft(actor=camat, visit=first, answers={question.pk: ("ya", "")})
    posyandu = Instrument.objects.get(code="posyandu")
    spm = question.instrument

    # DPMD rewrites the asked question, renames its instrument, retires posyandu.
    edit = reverse("supervision:question_edit", args=[spm.pk, question.pk])
    assert 'data-testid="was-asked"' in login(dpmd).get(edit).content.decode()
    response = login(dpmd).post(
        edit,
        {
            "text": "Papan standar pelayanan terpasang dan terbaca?",
            "answer_type": "ya_tidak",
            "evidence": "Foto papan",
            "finding_if": "tidak",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    detail = reverse("supervision:instrument", args=[spm.pk])
    rename = {"action": "instrument", "name": "Papan layanan (revisi)", "is_active": "on"}
    assert login(dpmd).post(detail, rename).status_code == 302
    retire = {"action": "instrument", "name": posyandu.name}  # is_active unticked
    posyandu_url = reverse("supervision:instrument", args=[posyandu.pk])
    assert login(dpmd).post(posyandu_url, retire).status_code == 302

    question.refresh_from_db()
    successor = Question.objects.get(instrument=spm, order=1, is_active=True)
    assert question.text == old_text and not question.is_active
    assert successor.pk != question.pk

    # The started visit still shows the old question (answered) and the old names.
    first.refresh_from_db()
    assert question in first.questions.all() and successor not in first.questions.all()
    page = login(camat).get(reverse("supervision:visit", args=[first.pk])).content.decode()
    assert old_text in page and "Papan standar pelayanan terpasang dan terbaca?" not in page
    assert "Papan SPM Desa dan jam layanan" in page and "Papan layanan (revisi)" not in page
    assert "Posyandu buka bulan ini sesuai jadwal?" in page

    # A visit started now gets the new question, the new name, and no posyandu.
    second = _start(activity, camat, KEL_KAPPUNA)
    assert successor in second.questions.all() and question not in second.questions.all()
    assert not second.questions.filter(instrument=posyandu).exists()
    assert posyandu not in second.instruments.all()
    page2 = login(camat).get(reverse("supervision:visit", args=[second.pk])).content.decode()
    assert "Papan layanan (revisi)" in page2 and "Posyandu buka" not in page2

    # The first visit can still be completed and signed on what it was asked.
    answers = {
        q.pk: ("ya" if q.answer_type == "ya_tidak" else "1", "")
        for q in first.questions.all()
        if q.answer_type != "teks"
    }
    answers.update(
        {q.pk: (q.choice_list[0], "") for q in first.questions.filter(answer_type="pilihan")}
    )
    services.visit_save_draft(actor=camat, visit=first, answers=answers)
    signed = services.visit_sign(actor=camat, visit=first)
    assert signed.is_signed
    pdf = login(camat).get(reverse("supervision:visit_pdf", args=[first.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_inspektorat_edits_other_offices_and_other_kabupaten_do_not(
    make_user: MakeUser, dpmd: User
) -> None:
    _defaults(dpmd)
    instrument = Instrument.objects.get(code="pengaduan")
    url = reverse("supervision:instrument", args=[instrument.pk])
    change = {"action": "instrument", "name": "Pengaduan masyarakat", "is_active": "on"}
    bappeda = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA)
    assert login(bappeda).post(url, change).status_code == 403
    luwu = make_user(Role.KABUPATEN_STAFF, KAB_LUWU, office=Office.DPMD)
    assert login(luwu).get(url).status_code == 404
    assert login(luwu).post(url, change).status_code == 404
    instrument.refresh_from_db()
    assert instrument.name == "Penanganan pengaduan"
    inspektorat = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.INSPEKTORAT)
    assert login(inspektorat).post(url, change).status_code == 302
    instrument.refresh_from_db()
    assert instrument.name == "Pengaduan masyarakat"
    blank = login(inspektorat).post(url, {"action": "instrument", "name": "  "})
    assert blank.status_code == 400
    instrument.refresh_from_db()
    assert instrument.name == "Pengaduan masyarakat" and instrument.is_active


def test_data_migration_fills_what_started_visits_were_asked(
    activity: Activity, camat: User
) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("balai.supervision.migrations.0003_visits_keep_what_was_asked")
    started = _start(activity, camat, DESA_PINCARA)
    planned = activity.visits.get(area_id=KEL_KAPPUNA)
    started.questions.clear()
    Visit.objects.filter(pk=started.pk).update(instrument_names={})
    migration.keep_what_was_asked(apps, None)
    started.refresh_from_db()
    assert started.questions.count() == 12
    assert started.instrument_names[str(Instrument.objects.get(code="posyandu").pk)] == "Posyandu"
    assert not planned.questions.exists() and planned.instrument_names == {}
