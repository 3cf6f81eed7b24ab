"""Demo data: Luwu Utara's catalogue, its MPP, the Masamba PATEN desk and a village desk.

Idempotent: the catalogue and units are upserted; the queue history (the
last 21 days, made through the services with past moments) is made once.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from balai.complaints.models import SKM_FIELDS
from balai.core.demo import DEFAULT_KECAMATAN_INDEX, DemoOptions
from balai.onestop.models import Counter, Location, LocationKind, ProviderKind, Ticket
from balai.onestop.services import catalogue, queue, survey
from balai.regions.models import Area, Kind, Level
from balai.regions.selectors import area_descendants

CHANNEL = "Loket pengaduan MPP, SP4N-LAPOR! (lapor.go.id, SMS 1708), kotak saran"
PROVIDERS = (
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", ProviderKind.DUKCAPIL),
    ("dpmptsp", "DPMPTSP (perizinan)", ProviderKind.DINAS),
    ("bpjs-kes", "BPJS Kesehatan", ProviderKind.BPJS),
    ("samsat", "Samsat", ProviderKind.SAMSAT),
    ("bank-sulselbar", "Bank Sulselbar", ProviderKind.BANK),
    ("kecamatan", "Kecamatan (PATEN)", ProviderKind.KECAMATAN),
)
# (provider, code, name, requirements, product, days, cost, wait, serve, letters)
SERVICES: tuple[tuple[Any, ...], ...] = (
    ("disdukcapil", "ktp-el", "Perekaman dan pencetakan KTP-el",
     ["Kartu Keluarga asli", "Surat pengantar desa/kelurahan"], "KTP-el", 1, 0, 30, 10,
     ["pengantar_ktp"]),
    ("disdukcapil", "kk", "Penerbitan Kartu Keluarga (baru/perubahan)",
     ["KK lama", "Surat pengantar desa/kelurahan", "Dokumen peristiwa (akta, surat pindah)"],
     "Kartu Keluarga", 1, 0, 30, 10, ["pengantar_kk"]),
    ("disdukcapil", "akta-lahir", "Akta kelahiran",
     ["Surat keterangan kelahiran dari desa atau faskes", "KK orang tua", "KTP-el saksi"],
     "Kutipan akta kelahiran", 1, 0, 30, 10, ["kelahiran"]),
    ("disdukcapil", "pindah", "Surat keterangan pindah WNI",
     ["KK asli", "Surat pengantar pindah dari desa"], "SKPWNI", 1, 0, 30, 10, ["pindah"]),
    ("dpmptsp", "nib", "Nomor Induk Berusaha (OSS) usaha mikro",
     ["KTP-el", "Surat keterangan usaha dari desa", "NPWP (jika ada)"], "NIB", 1, 0, 30, 20,
     ["usaha"]),
    ("bpjs-kes", "bpjs-daftar", "Pendaftaran peserta BPJS Kesehatan",
     ["KTP-el", "KK", "Surat keterangan tidak mampu (untuk PBI daerah)"], "Kartu JKN-KIS", 1, 0,
     45, 15, ["sktm"]),
    ("samsat", "pkb", "Pembayaran pajak kendaraan tahunan",
     ["STNK asli", "KTP-el pemilik"], "STNK disahkan", 1, 0, 30, 10, []),
    ("bank-sulselbar", "rekening", "Pembukaan rekening tabungan",
     ["KTP-el", "NPWP (jika ada)"], "Buku tabungan", 1, 0, 30, 15, []),
    ("kecamatan", "skck-pengantar", "Legalisasi pengantar SKCK",
     ["Surat pengantar SKCK dari desa", "KTP-el"], "Pengantar bertanda tangan camat", 1, 0,
     20, 10, ["pengantar_skck"]),
    ("kecamatan", "rekom-nikah", "Rekomendasi nikah (numpang nikah)",
     ["Surat pengantar nikah dari desa", "KTP-el dan KK kedua calon"], "Surat rekomendasi", 1, 0,
     20, 10, ["pengantar_nikah"]),
)  # fmt: skip


def _units(kabupaten: Area) -> tuple[Location, Location, Location]:
    kecamatans = list(area_descendants(kabupaten.code, level=Level.KECAMATAN).order_by("code"))
    kec = kecamatans[min(DEFAULT_KECAMATAN_INDEX, len(kecamatans) - 1)]
    villages = area_descendants(kec.code, level=Level.DESA_KELURAHAN).order_by("code")
    desa = villages.filter(kind=Kind.DESA).first() or villages.first()
    kelurahan = villages.filter(kind=Kind.KELURAHAN).first() or desa
    if desa is None or kelurahan is None:
        raise LookupError(f"Kecamatan {kec.code} has no villages for the demo units")
    mpp = catalogue.location_save(
        actor=None, code=f"mpp-{kabupaten.code.replace('.', '')}",
        name=f"Mal Pelayanan Publik {kabupaten.name.title()}", kind=LocationKind.MPP,
        owner=kabupaten, area=kelurahan, address="Jl. Simpurusiang, Masamba",
        opening_hours="Senin-Jumat 08.00-15.00",
    )  # fmt: skip
    paten = catalogue.location_save(
        actor=None, code=f"paten-{kec.code.replace('.', '')}", name=f"PATEN {kec.name.title()}",
        kind=LocationKind.PATEN, owner=kec, area=kelurahan,
        opening_hours="Senin-Jumat 08.00-14.00",
    )  # fmt: skip
    village = catalogue.location_save(
        actor=None, code=f"desa-{desa.code.replace('.', '')}",
        name=f"Loket Kantor Desa {desa.name.title()}", kind=LocationKind.DESA, owner=desa,
        area=desa, opening_hours="Senin-Jumat 08.00-14.00",
    )  # fmt: skip
    return mpp, paten, village


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up *kabupaten*'s one-stop catalogue, units, counters and queue history."""
    providers = {
        code: catalogue.provider_save(actor=None, kabupaten=kabupaten, code=code, name=n, kind=k)
        for code, n, k in PROVIDERS
    }
    services = {}
    for prov, code, name, reqs, product, days, cost, wait, serve, letters in SERVICES:
        existing = providers[prov].services.filter(code=code).first()
        services[code] = catalogue.service_save(
            actor=None, provider=providers[prov], code=code, service=existing, name=name,
            requirements=reqs, procedure=["Ambil nomor antrean", "Serahkan berkas di loket",
            "Petugas memeriksa dan memproses", "Terima produk atau tanda terima"],
            time_value=days, cost=cost, product=product, complaint_channel=CHANNEL,
            wait_minutes=wait, serve_minutes=serve, letter_types=letters,
        )  # fmt: skip
    mpp, paten, village = _units(kabupaten)
    plan = [
        (mpp, "A", "Loket Dukcapil", ["ktp-el", "kk", "akta-lahir", "pindah"]),
        (mpp, "B", "Loket Perizinan", ["nib"]),
        (mpp, "C", "Loket BPJS Kesehatan", ["bpjs-daftar"]),
        (mpp, "D", "Loket Samsat dan Bank", ["pkb", "rekening"]),
        (paten, "A", "Loket PATEN", ["skck-pengantar", "rekom-nikah", "ktp-el"]),
        (village, "A", "Loket Desa", ["ktp-el", "kk"]),
    ]
    counters = [
        catalogue.counter_save(
            actor=None,
            location=loc,
            prefix=prefix,
            name=name,
            services=[services[c] for c in codes],
            opens_at=time(8, 0),
            closes_at=time(15, 0),
            daily_quota=40,
            slot_capacity=4,
        )
        for loc, prefix, name, codes in plan
    ]
    made = 0
    if not Ticket.objects.filter(counter__location=mpp).exists():
        made = _history(counters, options.seed, int(options.extra.get("onestop_days", 21)))
    return f"{len(services)} layanan, 3 unit, {len(counters)} loket, {made} tiket riwayat"


def _history(counters: list[Counter], seed: int, days: int) -> int:
    """Serve *days* days of tickets at every counter, with SKM answers for a share of them."""
    rng = random.Random(seed)
    made = 0
    today = timezone.localdate()
    for counter in counters:
        queue.counter_set_open(actor=None, counter=counter, is_open=True)
        zone = ZoneInfo(counter.location.area.timezone)
        offered = list(counter.services.all())
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            moment = datetime.combine(day, time(8, 0), tzinfo=zone)
            for _i in range(rng.randint(4, 10)):
                moment += timedelta(minutes=rng.randint(2, 15))
                queue.ticket_take(counter=counter, service_id=rng.choice(offered).pk, now=moment)
                made += 1
            clock = datetime.combine(day, time(8, 5), tzinfo=zone)
            while True:
                clock += timedelta(minutes=rng.randint(5, 25))
                called = queue.counter_call_next(actor=None, counter=counter, now=clock)
                if called is None:
                    break
                if rng.random() < 0.3:
                    survey.ticket_survey_submit(
                        ticket=queue.ticket_transition(
                            actor=None, ticket=called, to="selesai",
                            now=clock + timedelta(minutes=rng.randint(4, 20)),
                        ),
                        scores={f: rng.choice((3, 3, 4, 4, 2)) for f in SKM_FIELDS},
                    )  # fmt: skip
        queue.counter_set_open(actor=None, counter=counter, is_open=False)
    return made
