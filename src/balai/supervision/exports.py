"""Printable documents (Typst PDF), the quarterly workbook (XLSX) and the iCal feed.

Every string enters the Typst source as a string literal (``typst_str``).
The iCal feed is written by hand to RFC 5545: CRLF line ends, lines folded
at 75 octets, TEXT values escaped, all-day events as DATE values.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.exports import XlsxWriter
from balai.letters.markup import typst_str
from balai.letters.services.pdf import compile_typst
from balai.supervision.models import Activity, Answer, FollowUp, Meeting, Visit
from balai.supervision.selectors import OVERVIEW_COLUMNS, OverviewRow

HEAD = '#set page(paper: "a4", margin: (x: 2cm, y: 1.8cm))\n#set text(lang: "id", size: 10pt)\n'


def _date(d: date | datetime | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, datetime):
        return timezone.localtime(d).strftime("%d-%m-%Y %H:%M")
    return d.strftime("%d-%m-%Y")


def _table(columns: str, header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    cells = [
        "table.header(" + ", ".join(f'text(weight: "bold", {typst_str(h)})' for h in header) + ")"
    ]
    for row in rows:
        cells.extend(typst_str(str(c)) for c in row)
    return f"#table(columns: {columns}, inset: 4pt, stroke: 0.4pt,\n" + ",\n".join(cells) + ")\n"


def _title(text: str, sub: str) -> str:
    return (
        f'#align(center, text(size: 13pt, weight: "bold", {typst_str(text)}))\n'
        f"#align(center, text({typst_str(sub)}))\n#v(0.6em)\n"
    )


def visit_report_pdf(visit: Visit, answers: list[Answer], findings: list[FollowUp]) -> bytes:
    """Return the visit report: team, answers per question, findings, the leader's sign-off."""
    activity = visit.activity
    team = ", ".join(f"{m.name} ({m.get_affiliation_display()})" for m in activity.team.all())
    gps = (
        f"{visit.latitude}, {visit.longitude}" if visit.latitude is not None else _("tidak dicatat")
    )
    src = HEAD + _title(
        _("LAPORAN KUNJUNGAN PEMBINAAN DAN PENGAWASAN DESA"),
        f"{visit.area.name} · {activity.area.name}",
    )
    facts = [
        (_("Kegiatan"), activity.title),
        (_("Jenis"), activity.get_kind_display()),
        (_("Topik"), activity.topics or "—"),
        (_("Tanggal kunjungan"), _date(visit.visited_on)),
        (_("Lokasi GPS"), gps),
        (_("Tim"), team or "—"),
    ]
    src += _table("(4cm, 1fr)", [_("Keterangan"), ""], facts)
    src += f'#v(0.5em)\n#text(weight: "bold", {typst_str(_("Hasil pemeriksaan"))})\n'
    src += _table(
        "(1fr, 3cm, 4cm)",
        [_("Pertanyaan"), _("Jawaban"), _("Catatan")],
        ((a.question.text, a.value or "—", a.note) for a in answers),
    )
    src += f'#v(0.5em)\n#text(weight: "bold", {typst_str(_("Temuan dan rekomendasi"))})\n'
    if findings:
        src += _table(
            "(1fr, 1fr, 3cm, 2.4cm)",
            [_("Temuan"), _("Rekomendasi"), _("Penanggung jawab"), _("Batas waktu")],
            (
                (f.description, f.recommendation, f.get_responsible_display(), _date(f.due_on))
                for f in findings
            ),
        )
    else:
        src += f"{typst_str(_('Tidak ada temuan.'))}\n"
    if visit.summary:
        src += f"#v(0.5em)\n#text({typst_str(visit.summary)})\n"
    signer = visit.signed_by.get_full_name() if visit.signed_by else "—"
    status = (
        _("Ditandatangani ketua tim %(name)s pada %(at)s")
        % {"name": signer, "at": _date(visit.signed_at)}
        if visit.signed_at
        else _("DRAF — belum ditandatangani ketua tim")
    )
    src += f"#v(1em)\n#align(right, text({typst_str(status)}))\n"
    return compile_typst(src)


def minutes_pdf(meeting: Meeting, decisions: list[FollowUp]) -> bytes:
    """Return the minutes of a rakor: agenda, minutes text, decisions to follow up."""
    src = HEAD + _title(
        _("NOTULEN RAPAT KOORDINASI"),
        f"{meeting.title} · {meeting.area.name} · {_date(meeting.held_on)}",
    )
    src += f'#text(weight: "bold", {typst_str(_("Acara"))})\n'
    for item in meeting.items.all():
        src += f"- #{typst_str(item.text)}\n"
    src += f'#v(0.5em)\n#text(weight: "bold", {typst_str(_("Notulen"))})\n\n'
    src += f"#text({typst_str(meeting.minutes or '—')})\n"
    src += f'#v(0.5em)\n#text(weight: "bold", {typst_str(_("Keputusan dan tindak lanjut"))})\n'
    if decisions:
        src += _table(
            "(1fr, 3.4cm, 2.4cm)",
            [_("Keputusan"), _("Penanggung jawab"), _("Batas waktu")],
            (
                (
                    f"{d.description} — {d.recommendation}",
                    f"{d.get_responsible_display()} {d.area.name}",
                    _date(d.due_on),
                )
                for d in decisions
            ),
        )
    else:
        src += f"{typst_str(_('Tidak ada keputusan yang perlu ditindaklanjuti.'))}\n"
    return compile_typst(src)


def attendance_pdf(meeting: Meeting) -> bytes:
    """Return the attendance list: invitees, who signed in, when and how."""
    src = HEAD + _title(
        _("DAFTAR HADIR RAPAT KOORDINASI"),
        f"{meeting.title} · {meeting.area.name} · {_date(meeting.held_on)}",
    )
    rows = [
        (
            n,
            a.name,
            a.position or "—",
            _date(a.signed_at),
            a.get_method_display() if a.method else _("tidak hadir"),
        )
        for n, a in enumerate(meeting.attendees.all(), 1)
    ]
    src += _table(
        "(1cm, 1fr, 1fr, 3.2cm, 2.8cm)",
        ["No", _("Nama"), _("Jabatan"), _("Hadir"), _("Cara")],
        rows,
    )
    return compile_typst(src)


def quarterly_pdf(title: str, rows: list[OverviewRow], total: OverviewRow) -> bytes:
    """Return the quarterly binwas report for the bupati (landscape A4)."""
    header = [_("Wilayah")] + [label() for _key, label in OVERVIEW_COLUMNS]
    cols = "(4cm, " + ", ".join(["1fr"] * len(OVERVIEW_COLUMNS)) + ")"
    body = [[r.name, *[r.counts[k] for k, _label in OVERVIEW_COLUMNS]] for r in [*rows, total]]
    src = (
        '#set page(paper: "a4", flipped: true, margin: (x: 1.2cm, y: 1.2cm))\n'
        '#set text(lang: "id", size: 8pt)\n'
        + _title(title, _("Laporan pembinaan dan pengawasan desa"))
    )
    src += _table(cols, header, body)
    src += f"#v(0.5em)\n#text(size: 7pt, {typst_str(_('Dicetak %(at)s dari Balai.') % {'at': _date(timezone.now())})})\n"
    return compile_typst(src)


def quarterly_xlsx(
    book: XlsxWriter, title: str, rows: list[OverviewRow], total: OverviewRow
) -> None:
    """Write the quarterly report: one row per area, counts as numbers, a total row."""
    sheet = book.sheet(_("Binwas"))
    sheet.append((title,), bold=True)
    sheet.append(["kode_wilayah", "wilayah", *[k for k, _label in OVERVIEW_COLUMNS]], bold=True)
    for row in [*rows, total]:
        sheet.append([row.code, row.name, *[row.counts[k] for k, _label in OVERVIEW_COLUMNS]])


# ---- iCalendar (RFC 5545) --------------------------------------------------------


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold *line* into chunks of at most 75 octets (RFC 5545 §3.1), never inside a character."""
    out, current = [], b""
    limit = 75
    for ch in line:
        encoded = ch.encode()
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def ical_feed(
    activities: Iterable[Activity], meetings: Iterable[Meeting], *, host: str, name: str
) -> str:
    """Return a VCALENDAR of *activities* and *meetings* as all-day events."""
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Balai//Binwas//ID",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    for a in activities:
        villages = ", ".join(v.area.name for v in a.visits.all())
        description = "\n".join(p for p in (a.topics, villages) if p)
        lines += [
            "BEGIN:VEVENT",
            f"UID:binwas-kegiatan-{a.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{a.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{a.ends_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(f'{a.get_kind_display()}: {a.title}')}",
            f"DESCRIPTION:{_ics_text(description)}",
            f"LOCATION:{_ics_text(villages)}",
            "STATUS:" + ("CANCELLED" if a.status == "batal" else "CONFIRMED"),
            "END:VEVENT",
        ]
    for m in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:binwas-rakor-{m.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{m.held_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{m.held_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(f'Rakor: {m.title}')}",
            f"LOCATION:{_ics_text(m.place)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
