"""Median and p95 time to render one letter PDF (Typst, in-process).

Each render fills the domisili template with a different name and number,
so Typst's cache cannot return an earlier result.

    DEBUG=True .venv/bin/python bench/letters_pdf.py [renders]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
os.environ.setdefault("DEBUG", "True")

import django

django.setup()

from balai.letters import catalogue, markup, placeholders  # noqa: E402
from balai.letters.services import pdf  # noqa: E402


def doc_for(i: int) -> pdf.LetterDoc:
    letter = catalogue.letter_type("domisili")
    assert letter is not None
    person = {
        "nama": f"Warga Nomor {i}", "nik": f"7322031705{i:06d}", "ttl": "Masamba, 17 Mei 1990",
        "jenis_kelamin": "Laki-laki", "agama": "Islam", "status_perkawinan": "Kawin",
        "pekerjaan": "Petani/Pekebun", "kewarganegaraan": "WNI", "alamat": "Dusun Satu, RT 001",
    }  # fmt: skip
    values = placeholders.Values(
        text={**{t: f"isi {t}" for t in placeholders.BASE_TOKENS}, **person}
    )
    values.blocks["data_diri"] = placeholders.identity_block(person)
    body = markup.to_typst(markup.parse(letter.body), values.resolve)
    number = f"400.12.2.1/{i:03d}/2004/XI/2026"
    return pdf.LetterDoc(
        head=pdf.Letterhead("Pemerintah Kabupaten Luwu Utara", "Kecamatan Masamba", "Desa Pincara", "Jl. Poros"),
        paper="a4", title=letter.title, number=number, body=body,
        place_date="Pincara, 23 November 2026", signer_title="Kepala Desa Pincara",
        signer_name="Andi Baso", verify_url=f"https://balai.example/layanan/v/kode{i:08d}/",
    )  # fmt: skip


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    t0 = time.perf_counter()
    pdf.render_letter(doc_for(0))
    first = time.perf_counter() - t0
    times = []
    for i in range(1, n + 1):
        t = time.perf_counter()
        out = pdf.render_letter(doc_for(i))
        times.append((time.perf_counter() - t) * 1000)
        assert out.startswith(b"%PDF-")
    times.sort()
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"first render (fonts load): {first * 1000:.1f} ms")
    print(
        f"{n} renders (markup + QR + Typst): median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, max {times[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
