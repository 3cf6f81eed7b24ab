"""The berita acara of a musrenbang as a Typst PDF (through the letters' Typst helper)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from balai.letters.markup import typst_str
from balai.letters.services.pdf import compile_typst
from balai.planning.exports import forum_rows
from balai.planning.models import Forum, ForumLevel


def _rp(value: object) -> str:
    try:
        return "Rp" + f"{int(value):,}".replace(",", ".")  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""


def berita_acara_pdf(forum: Forum) -> bytes:
    """Return the berita acara of *forum*: the meeting, its ranking and decisions, signatures."""
    title = {
        ForumLevel.DESA: _("BERITA ACARA MUSYAWARAH PERENCANAAN PEMBANGUNAN DESA"),
        ForumLevel.KECAMATAN: _("BERITA ACARA MUSYAWARAH PERENCANAAN PEMBANGUNAN KECAMATAN"),
        ForumLevel.KABUPATEN: _("BERITA ACARA MUSYAWARAH PERENCANAAN PEMBANGUNAN KABUPATEN"),
    }[ForumLevel(forum.level)]
    held = formats.date_format(forum.held_on, "j F Y") if forum.held_on else "-"
    intro = _(
        "Pada tanggal %(d)s bertempat di %(p)s telah diselenggarakan %(f)s %(a)s untuk "
        "tahun rencana %(y)s, dipimpin oleh %(c)s, dihadiri %(n)s peserta (%(w)s perempuan)."
    ) % {
        "d": held,
        "p": forum.place or "-",
        "f": forum.get_level_display(),
        "a": forum.area.name,
        "y": forum.year,
        "c": forum.chair or "-",
        "n": forum.participants,
        "w": forum.women_participants,
    }
    head = [
        _("No"),
        _("Kode"),
        _("Usulan"),
        _("Kegiatan"),
        _("Lokasi"),
        _("Biaya"),
        _("Nilai"),
        _("Pagu"),
        _("Tahap"),
    ]
    cells = [
        "table.header(" + ", ".join(f'text(weight: "bold", {typst_str(h)})' for h in head) + ")"
    ]
    for row in forum_rows(forum):
        rank, code, _v, village, kegiatan, _kn, usulan, lokasi = row[:8]
        cost, score, fits, stage = row[10], row[13], row[14], row[17]
        for value in (
            rank,
            code,
            usulan,
            f"{kegiatan} {village}",
            lokasi,
            _rp(cost),
            score,
            fits,
            stage,
        ):
            cells.append(typst_str(str(value)))
    status = _("Musyawarah ditutup.") if not forum.is_open else _("DRAF: musyawarah belum ditutup.")
    src = (
        '#set page(paper: "a4", flipped: true, margin: (x: 1.5cm, y: 1.5cm))\n'
        '#set text(lang: "id", size: 8pt)\n'
        f'#align(center, text(size: 12pt, weight: "bold", {typst_str(title)}))\n'
        f"#align(center, text({typst_str(f'{forum.area} · {forum.year}')}))\n"
        "#v(0.5em)\n"
        f"#par(justify: true, {typst_str(intro)})\n"
        f"#par({typst_str(_('Kesepakatan: ') + (forum.notes or '-'))})\n"
        "#v(0.3em)\n"
        "#table(columns: (0.8cm, 2cm, 1fr, 3.2cm, 3cm, 2.6cm, 1.2cm, 1.2cm, 3.5cm), "
        "inset: 3pt, stroke: 0.4pt,\n" + ",\n".join(cells) + ")\n"
        "#v(0.5em)\n"
        f"#text({typst_str(status)})\n"
        "#v(1.5em)\n"
        "#grid(columns: (1fr, 1fr), align: center,\n"
        f"  {typst_str(_('Pimpinan musyawarah'))}, {typst_str(_('Wakil peserta'))},\n"
        "  v(2.5cm), v(2.5cm),\n"
        f"  {typst_str(forum.chair or '(...........................)')}, "
        f"{typst_str('(...........................)')})\n"
    )
    return compile_typst(src)
