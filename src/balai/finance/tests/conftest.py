"""Finance fixtures: a balanced draft APBDes of Pincara built through the services."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.finance import services
from balai.finance.models import Apbdes
from balai.regions.models import Area
from conftest import DESA_PINCARA, KEC_MASAMBA, MakeUser

NOW = datetime(2026, 1, 20, 2, 0, tzinfo=UTC)  # Tuesday 20 January 2026, 10:00 WITA

# (account, kegiatan, source, description, amount, focus, stunting): balances at 1,000,000,000.
LINES = (
    ("4.2.1.01", "", "DDS", "Dana Desa", 800_000_000, "", False),
    ("4.2.3.01", "", "ADD", "Alokasi Dana Desa", 150_000_000, "", False),
    ("6.1.1.01", "", "DLL", "SiLPA 2024", 50_000_000, "", False),
    ("5.1.2.01", "1.1.02", "ADD", "Siltap perangkat", 150_000_000, "", False),
    ("5.2.7.03", "5.3.01", "DDS", "BLT Dana Desa", 100_000_000, "blt", False),
    ("5.2.7.02", "4.2.01", "DDS", "Bibit ketahanan pangan", 200_000_000, "pangan", False),
    ("5.2.5.02", "1.1.04", "DDS", "Operasional pemdes", 20_000_000, "operasional", False),
    ("5.2.7.01", "2.2.02", "DDS", "PMT balita", 80_000_000, "", True),
    ("5.3.5.01", "2.3.10", "DDS", "Rabat beton jalan", 400_000_000, "", False),
    ("6.2.2.01", "", "DLL", "Penyertaan modal BUM Desa", 50_000_000, "", False),
)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def pincara(tree: None) -> Area:
    return Area.objects.get(code=DESA_PINCARA)


@pytest.fixture
def sekdes(make_user: MakeUser) -> User:
    return make_user(Role.SEKRETARIS_DESA, DESA_PINCARA, username="sekdes_pincara")


@pytest.fixture
def kades(make_user: MakeUser) -> User:
    return make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades_pincara")


@pytest.fixture
def camat_user(make_user: MakeUser) -> User:
    return make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")


def build_draft(village: Area, year: int, actor: object = None) -> Apbdes:
    apbdes = services.apbdes_create(actor=actor, village=village, year=year)
    for account, keg, source, text, amount, focus, stunting in LINES:
        services.line_add(
            actor=actor,
            apbdes=apbdes,
            account_code=account,
            kegiatan_code=keg,
            fund_source=source,
            description=text,
            amount=amount,
            focus=focus,
            stunting=stunting,
        )
    return apbdes


def enact(apbdes: Apbdes, *, agreed: dt.date, submitted: dt.date, evaluated: dt.date) -> Apbdes:
    apbdes = services.apbdes_agree(
        actor=None, apbdes=apbdes, agreed_on=agreed, agreement_number="01/BA-BPD"
    )
    apbdes = services.apbdes_submit(actor=None, apbdes=apbdes, submitted_on=submitted)
    apbdes = services.apbdes_evaluate(
        actor=None,
        apbdes=apbdes,
        result="ok",
        evaluated_on=evaluated,
        number="140/01/KEC",
        today=evaluated,
    )
    return services.apbdes_enact(
        actor=None, apbdes=apbdes, enacted_on=evaluated, perdes_number="1 Tahun 2025"
    )


@pytest.fixture
def draft(pincara: Area) -> Apbdes:
    return build_draft(pincara, 2025)


@pytest.fixture
def enacted(draft: Apbdes) -> Apbdes:
    return enact(
        draft,
        agreed=dt.date(2024, 10, 21),
        submitted=dt.date(2024, 10, 22),
        evaluated=dt.date(2024, 11, 5),
    )


def siskeudes_zip(
    *,
    name: str = "PINCARA",
    year: int = 2025,
    budget: tuple[tuple[str, str, str, str, str], ...] = (),
    spp: tuple[tuple[str, str, str, str, str, str], ...] = (),
    tbp: tuple[tuple[str, str, str, str, str], ...] = (),
) -> bytes:
    """Return a Siskeudes export ZIP: budget rows (Kd_Keg tail, Kd_Rincian, SumberDana, Uraian,
    Anggaran); SPP rows (No_SPP, Tgl_SPP, Kd_Keg tail, Kd_Rincian, SumberDana, Nilai); TBP rows
    (No_Bukti, Tgl_Bukti, Kd_Rincian, SumberDana, Nilai)."""
    desa = "03.2004."
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Ref_Desa.csv", f"Kd_Kec,Kd_Desa,Nama_Desa\n03.,{desa},{name}\n")
        rows = [
            "Tahun,Kd_Desa,Kd_Keg,Kd_Rincian,Kd_SubRinci,No_Urut,SumberDana,Uraian,Anggaran,AnggaranStlhPAK"
        ]
        for keg, rinci, source, text, amount in budget:
            rows.append(f"{year},{desa},{desa}{keg},{rinci},01,1,{source},{text},{amount},0")
        archive.writestr("Ta_RABRinci.csv", "\n".join(rows) + "\n")
        if spp:
            archive.writestr(
                "Ta_SPP.csv",
                "Tahun,No_SPP,Tgl_SPP,Jn_SPP,Kd_Desa,Keterangan,Jumlah,Potongan\n"
                + "".join(f"{year},{n},{d},LS,{desa},x,0,0\n" for n, d, *_r in spp),
            )
            archive.writestr(
                "Ta_SPPRinci.csv",
                "Tahun,Kd_Desa,No_SPP,Kd_Keg,Kd_Rincian,Sumberdana,Nilai\n"
                + "".join(
                    f"{year},{desa},{n},{desa}{keg},{rinci},{src},{v}\n"
                    for n, _d, keg, rinci, src, v in spp
                ),
            )
        if tbp:
            archive.writestr(
                "Ta_TBP.csv",
                "Tahun,No_Bukti,Tgl_Bukti,Kd_Desa,Uraian\n"
                + "".join(f"{year},{n},{d},{desa},x\n" for n, d, *_r in tbp),
            )
            archive.writestr(
                "Ta_TBPRinci.csv",
                "Tahun,No_Bukti,Kd_Desa,Kd_Keg,Kd_Rincian,RincianSD,SumberDana,Nilai\n"
                + "".join(
                    f"{year},{n},{desa},{desa}00.00.00.,{rinci},x,{src},{v}\n"
                    for n, _d, rinci, src, v in tbp
                ),
            )
    return out.getvalue()
