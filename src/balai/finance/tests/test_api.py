"""The submissions endpoint a kabupaten system (or the supervision module) reads."""

from __future__ import annotations

from balai.accounts.models import User
from balai.finance.models import Apbdes
from conftest import DESA_PINCARA, KEC_MALANGKE, KEC_MASAMBA, login


def test_camat_reads_the_submission_dates_of_the_kecamatan(
    camat_user: User, enacted: Apbdes
) -> None:
    response = login(camat_user).get(f"/api/v1/finance/submissions?area={KEC_MASAMBA}&year=2025")
    assert response.status_code == 200
    rows = {r["village"]: r for r in response.json()}
    assert rows[DESA_PINCARA]["submitted_on"] == "2024-10-22"
    assert rows[DESA_PINCARA]["enacted_on"] == "2024-11-05"
    assert rows[DESA_PINCARA]["perdes_number"] == "1 Tahun 2025"


def test_other_kecamatan_is_refused(camat_user: User, enacted: Apbdes) -> None:
    response = login(camat_user).get(f"/api/v1/finance/submissions?area={KEC_MALANGKE}&year=2025")
    assert response.status_code in (403, 404)
    assert "village" not in response.content.decode()


def test_bad_year_is_a_clear_400(camat_user: User) -> None:
    response = login(camat_user).get(f"/api/v1/finance/submissions?area={KEC_MASAMBA}&year=1800")
    assert response.status_code == 400
    assert "Tahun harus antara" in response.json()["message"]
