"""The inventory's rules: ownership, parameters, evidence, submission, verification, closing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from balai.core.errors import DomainError
from balai.innovation import selectors, services
from balai.innovation.models import (
    Answer,
    Evidence,
    IndicatorDef,
    InnovationStatus,
    OwnerKind,
    Review,
    RuleSet,
)
from balai.innovation.tests.conftest import MANDATORY, answer, fill, make_innovation, png, upload
from balai.regions.models import Area
from conftest import KAB_LUTRA, KEC_MASAMBA

pytestmark = pytest.mark.django_db


def test_create_gives_one_open_answer_per_sid_indicator(assessment) -> None:
    innovation = make_innovation(assessment)
    labels = [a.indicator.label for a in innovation.answers.select_related("indicator")]
    assert labels == [str(n) for n in range(16, 36)]
    assert set(innovation.answers.values_list("review", flat=True)) == {Review.OPEN}
    # The round's SPD answers (20 rows) were made when it opened.
    assert assessment.answers.filter(innovation=None).count() == 20


def test_owner_must_match_its_area_level(assessment) -> None:
    with pytest.raises(DomainError, match="tidak sesuai"):
        services.innovation_create(
            actor=None,
            assessment=assessment,
            owner_kind=OwnerKind.VILLAGE,
            area=Area.objects.get(code=KEC_MASAMBA),
            name="Salah",
            bentuk="pelayanan",
            jenis="digital",
            inisiator="asn",
            urusan="kesehatan",
            tahapan="inisiatif",
        )
    with pytest.raises(DomainError, match="perangkat daerah"):
        services.innovation_create(
            actor=None,
            assessment=assessment,
            owner_kind=OwnerKind.OFFICE,
            area=Area.objects.get(code=KAB_LUTRA),
            name="Tanpa kantor",
            bentuk="pelayanan",
            jenis="digital",
            inisiator="asn",
            urusan="kesehatan",
            tahapan="inisiatif",
        )
    assert not assessment.innovations.exists()


def test_applied_innovation_needs_ordered_dates(assessment) -> None:
    with pytest.raises(DomainError, match="tanggal penerapan"):
        make_innovation(assessment, applied_on=None)
    from datetime import date

    with pytest.raises(DomainError, match="berurutan"):
        make_innovation(assessment, trial_on=date(2023, 1, 1), applied_on=date(2022, 1, 1))
    assert not assessment.innovations.exists()


@pytest.mark.parametrize("bad", [0, 4, -1])
def test_parameter_outside_one_to_three_is_refused(assessment, bad: int) -> None:
    innovation = make_innovation(assessment)
    a = answer(innovation, "16")
    services.answer_set(actor=None, answer=a, parameter=2)
    with pytest.raises(DomainError, match="1, 2 atau 3"):
        services.answer_set(actor=None, answer=a, parameter=bad)
    a.refresh_from_db()
    assert a.parameter == 2


def test_evidence_of_a_wrong_type_or_too_large_is_refused(assessment) -> None:
    a = answer(make_innovation(assessment), "16")
    exe = upload("sk.pdf.exe", b"MZ\x90\x00 not a document")
    with pytest.raises(DomainError, match="bukan foto"):
        services.evidence_add(actor=None, answer=a, upload=exe, name=exe.name, size=exe.size)
    big = upload("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(DomainError, match="lebih dari 5 MB"):
        services.evidence_add(actor=None, answer=a, upload=big, name=big.name, size=big.size)
    with pytest.raises(DomainError, match="http"):
        services.evidence_add(actor=None, answer=a, url="javascript:alert(1)")
    assert not Evidence.objects.exists()


def test_photo_evidence_is_re_encoded_and_stored(assessment, media) -> None:
    a = answer(make_innovation(assessment), "16")
    photo = upload("foto.png", png())
    ev = services.evidence_add(actor=None, answer=a, upload=photo, name=photo.name, size=photo.size)
    assert ev.content_type == "image/jpeg"
    assert ev.file.name.endswith(".jpg") and ev.file.read(3) == b"\xff\xd8\xff"
    assert len(ev.sha256) == 64 and ev.original_name == "foto.png"


def test_submit_with_mandatory_indicators_empty_is_refused(assessment) -> None:
    innovation = make_innovation(assessment)
    fill(innovation, ("16", "17"))
    with pytest.raises(DomainError) as caught:
        services.innovation_submit(actor=None, innovation=innovation)
    assert "32" in caught.value.message and "35" in caught.value.message
    assert "16." not in caught.value.message
    innovation.refresh_from_db()
    assert innovation.status == InnovationStatus.DRAFT
    assert not innovation.answers.filter(review=Review.PENDING).exists()


def test_parameter_without_evidence_blocks_submission(assessment) -> None:
    innovation = make_innovation(assessment)
    fill(innovation)
    services.answer_set(actor=None, answer=answer(innovation, "31"), parameter=3)
    with pytest.raises(DomainError, match="31"):
        services.innovation_submit(actor=None, innovation=innovation)


def test_reject_fix_resubmit_accept(assessment, bappeda) -> None:
    innovation = make_innovation(assessment)
    fill(innovation)
    services.innovation_submit(actor=None, innovation=innovation)
    assert set(
        innovation.answers.filter(parameter__isnull=False).values_list("review", flat=True)
    ) == {Review.PENDING}
    # Editing while under review is refused, nothing changes.
    with pytest.raises(DomainError, match="menunggu verifikasi"):
        services.answer_set(actor=None, answer=answer(innovation, "16"), parameter=1)
    with pytest.raises(DomainError, match="alasan"):
        services.answer_review(actor=bappeda, answer=answer(innovation, "16"), accept=False)
    services.answer_review(
        actor=bappeda, answer=answer(innovation, "16"), accept=False, note="SK tidak sah"
    )
    for label in MANDATORY[1:]:
        services.answer_review(actor=bappeda, answer=answer(innovation, label), accept=True)
    innovation.refresh_from_db()
    assert innovation.status == InnovationStatus.RETURNED
    # Accepted answers stay locked; the rejected one reopens when fixed.
    with pytest.raises(DomainError, match="sudah diterima"):
        services.answer_set(actor=None, answer=answer(innovation, "17"), parameter=1)
    services.evidence_add(
        actor=None, answer=answer(innovation, "16"), url="https://contoh.id/sk-baru"
    )
    assert answer(innovation, "16").review == Review.OPEN
    services.innovation_submit(actor=None, innovation=innovation)
    services.answer_review(actor=bappeda, answer=answer(innovation, "16"), accept=True)
    innovation.refresh_from_db()
    assert innovation.status == InnovationStatus.VERIFIED
    with pytest.raises(DomainError, match="terverifikasi"):
        services.innovation_update(actor=None, innovation=innovation, name="Diubah")
    innovation.refresh_from_db()
    assert innovation.name == "Inovasi Uji"
    events = LogEntry.objects.filter(additional_data__event="innovation.answer_reviewed")
    assert events.count() == 6
    assert events.filter(actor=bappeda).count() == 6


def test_closed_round_refuses_every_change(assessment, bappeda) -> None:
    innovation = make_innovation(assessment)
    fill(innovation, ("16",), parameter=2)
    services.assessment_close(actor=bappeda, assessment=assessment)
    for attempt in (
        lambda: services.answer_set(actor=None, answer=answer(innovation, "16"), parameter=3),
        lambda: services.evidence_add(
            actor=None, answer=answer(innovation, "17"), url="https://a.id/x"
        ),
        lambda: services.innovation_update(actor=None, innovation=innovation, name="Baru"),
        lambda: services.innovation_submit(actor=None, innovation=innovation),
        lambda: make_innovation(assessment, name="Terlambat"),
        lambda: services.answer_set(
            actor=None, answer=assessment.answers.filter(innovation=None).first(), parameter=3
        ),
    ):
        with pytest.raises(DomainError, match="ditutup"):
            attempt()
    assert answer(innovation, "16").parameter == 2
    assert assessment.innovations.count() == 1
    assert not Evidence.objects.filter(answer__indicator__number=17).exists()


def test_iid_of_a_round_hand_computed(assessment, bappeda) -> None:
    # Two applied, submitted innovations with only the mandatory indicators at 3:
    # (3 + 2 + 2 + 3 + 4) x 3 = 42 each. A third has 31 (bobot 3) at 2 but it was rejected.
    # A draft and an innovation in uji coba do not count.
    # SPD: indicator 8 (bobot 1.5) at 3 with evidence = 4.5; indicator 12 at 3 without evidence = 0.
    # SID = (42 + 42 + 42) / MAX(10, 3) = 12.6; count 3 x 0.38 = 1.14 -> 13.74.
    # Total 4.5 + 13.74 = 18.24 -> IID 7.296 -> 7.30, Kurang Inovatif.
    for name in ("A", "B"):
        inn = make_innovation(assessment, name=name)
        fill(inn)
        services.innovation_submit(actor=None, innovation=inn)
    third = make_innovation(assessment, owner="dinkes", name="C")
    fill(third)
    fill(third, ("31",), parameter=2)
    services.innovation_submit(actor=None, innovation=third)
    services.answer_review(
        actor=bappeda, answer=answer(third, "31"), accept=False, note="MoU hilang"
    )
    fill(make_innovation(assessment, name="Draf"))
    trial = make_innovation(assessment, name="Uji coba", tahapan="uji_coba", applied_on=None)
    fill(trial)
    services.innovation_submit(actor=None, innovation=trial)
    spd = {
        a.indicator.label: a
        for a in assessment.answers.filter(innovation=None).select_related("indicator")
    }
    services.answer_set(actor=bappeda, answer=spd["8"], parameter=3)
    services.evidence_add(actor=bappeda, answer=spd["8"], url="https://bpk.go.id/lhp")
    services.answer_set(actor=bappeda, answer=spd["12"], parameter=3)

    result = selectors.iid(assessment)
    s = result.score
    assert s.spd == Decimal("4.5")
    assert (s.n, s.divisor, s.sid_sum) == (3, 10, Decimal("126"))
    assert s.count_score == Decimal("1.14")
    assert s.total == Decimal("18.24")
    assert s.iid == Decimal("7.30")
    assert s.predicate == "Kurang Inovatif"
    # Simulation: the rejected replication accepted would add 3 x 2 = 6 -> SID 13.2 + 1.14;
    # total 18.84 -> 7.536 -> 7.54.
    sim = selectors.iid(assessment, overrides={answer(third, "31").pk: (2, True)})
    assert sim.score.iid == Decimal("7.54")
    # Ranking: the village (A, B: 84) before Dinkes (C: 42).
    ranking = selectors.ranking(result)
    assert [(r.applied, r.score_sum) for r in ranking] == [(2, Decimal("84")), (1, Decimal("42"))]


def test_rule_set_copy_keeps_the_indicators_and_takes_changes(assessment) -> None:
    source = RuleSet.objects.get(year=2023)
    later = services.ruleset_copy(
        actor=None,
        source=source,
        year=2026,
        divisor_min=14,
        min_basic_urusan=6,
        bands=[["65.01", "Sangat Inovatif"], ["40.01", "Inovatif"], ["0.01", "Kurang Inovatif"]],
    )
    assert later.divisor_min == 14 and source.divisor_min == 10
    assert IndicatorDef.objects.filter(rule_set=later).count() == 40
    assert selectors.method_of(later).bands[0] == (Decimal("65.01"), "Sangat Inovatif")
    with pytest.raises(DomainError, match="sudah ada"):
        services.ruleset_copy(actor=None, source=source, year=2026)


def test_completeness_counts_parameter_with_evidence(assessment) -> None:
    innovation = make_innovation(assessment)
    fill(innovation, ("16", "17", "18"))
    services.answer_set(actor=None, answer=answer(innovation, "19"), parameter=1)
    result = selectors.completeness(selectors.answers_of(innovation))
    assert (result.filled, result.total, result.percent) == (3, 20, 15)
    assert result.mandatory_missing == ("32", "33", "35")
    assert Answer.objects.filter(innovation=innovation, parameter__isnull=False).count() == 4
