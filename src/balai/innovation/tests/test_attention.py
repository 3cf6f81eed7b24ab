"""Reminders on the home page and removing evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from balai.accounts import access
from balai.innovation import services
from balai.innovation.attention import innovation_attention
from balai.innovation.models import Evidence
from balai.innovation.tests.conftest import answer, fill, make_innovation
from conftest import login

pytestmark = pytest.mark.django_db


def texts(user) -> list[tuple[str, int | None, str]]:
    role = access.acting_role(user)
    return [(i.text, i.count, i.priority) for i in innovation_attention(user, role)]


def test_reminders_for_owner_and_bappeda(assessment, operator, bappeda, other_operator) -> None:
    innovation = make_innovation(assessment)
    assert texts(operator) == []  # deadline far away (2030)
    services.assessment_open(
        actor=None,
        kabupaten=assessment.kabupaten,
        year=2023,
        deadline=timezone.localdate() + timedelta(days=2),
    )
    [(text, count, priority)] = texts(operator)
    assert "belum diajukan" in text and count == 1 and priority == "tinggi"
    assert texts(other_operator) == []
    fill(innovation)
    services.innovation_submit(actor=None, innovation=innovation)
    assert texts(operator) == []
    [(text, count, _p)] = texts(bappeda)
    assert "menunggu verifikasi" in text and count == 1
    services.answer_review(actor=bappeda, answer=answer(innovation, "16"), accept=False, note="x")
    for label in ("17", "32", "33", "35"):
        services.answer_review(actor=bappeda, answer=answer(innovation, label), accept=True)
    [(text, count, priority)] = texts(operator)
    assert "dikembalikan" in text and count == 1 and priority == "tinggi"
    assert texts(bappeda) == []


def test_owner_removes_evidence_others_cannot(assessment, operator, dinkes) -> None:
    innovation = make_innovation(assessment)
    fill(innovation, ("16",))
    evidence = Evidence.objects.get(answer__innovation=innovation)
    # Dinkes sees the village innovation (its kabupaten) but is not its owner.
    assert login(dinkes).post(f"/inovasi/bukti/{evidence.pk}/hapus/").status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    response = login(operator).post(f"/inovasi/bukti/{evidence.pk}/hapus/")
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
