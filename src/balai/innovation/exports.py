"""Exports of an innovation: the profile PDF (Typst), the evidence bundle (ZIP, streamed)
and the workbook of a round in the national portal's order.

Every string enters the Typst source as a string literal (``typst_str``).
The ZIP is written chunk by chunk into the response, so a bundle of many
photos never sits whole in memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.exports import XlsxWriter
from balai.innovation.models import Answer, Aspect, Assessment, Evidence, Innovation, Review
from balai.innovation.selectors import IidResult, answers_of, completeness
from balai.letters.markup import typst_str
from balai.letters.services.pdf import compile_typst

CHUNK = 64 * 1024


def _param_text(answer: Answer) -> str:
    if not answer.parameter:
        return "—"
    label = dict(answer.indicator.parameters())[answer.parameter]
    return f"{answer.parameter}: {label}"


def _score(answer: Answer) -> Decimal:
    return Decimal(answer.indicator.weight) * (answer.parameter or 0)


def profile_pdf(innovation: Innovation, score: Decimal | None) -> bytes:
    """Return the innovation's profile (attributes, indicators, evidence, review) as A4 PDF."""
    answers = answers_of(innovation)
    filled = completeness(answers)
    facts = [
        (_("Pemilik"), innovation.owner_label),
        (_("Bentuk"), innovation.get_bentuk_display()),
        (_("Jenis"), innovation.get_jenis_display()),
        (_("Inisiator"), innovation.get_inisiator_display()),
        (_("Urusan"), innovation.get_urusan_display()),
        (_("Tahapan"), innovation.get_tahapan_display()),
        (_("Tanggal inisiatif"), _date(innovation.started_on)),
        (_("Tanggal uji coba"), _date(innovation.trial_on)),
        (_("Tanggal penerapan"), _date(innovation.applied_on)),
        (
            _("Anggaran"),
            f"Rp {innovation.budget:,.0f}".replace(",", ".") if innovation.budget else "—",
        ),
        (_("Tujuan"), innovation.aims or "—"),
        (_("Manfaat"), innovation.benefits or "—"),
        (_("Mitra"), innovation.partners or "—"),
        (_("Replikasi"), innovation.replication or "—"),
        (_("Status"), innovation.get_status_display()),
        (
            _("Kelengkapan"),
            _("%(f)s dari %(t)s indikator berparameter dan berbukti")
            % {"f": filled.filled, "t": filled.total},
        ),
        (_("Skor SID"), "—" if score is None else f"{score:.2f}"),
    ]
    fact_cells = ",\n".join(f"[*{typst_str(str(k))[1:-1]}*], {typst_str(str(v))}" for k, v in facts)
    head = [
        _("No."),
        _("Indikator"),
        _("Bobot"),
        _("Parameter"),
        _("Skor"),
        _("Bukti"),
        _("Verifikasi"),
    ]
    cells = [
        "table.header(" + ", ".join(f'text(weight: "bold", {typst_str(h)})' for h in head) + ")"
    ]
    for a in answers:
        mark = "*" if a.indicator.mandatory else ""
        cells += [
            typst_str(a.indicator.label + mark),
            typst_str(a.indicator.name),
            typst_str(f"{a.indicator.weight:g}"),
            typst_str(_param_text(a)),
            typst_str(f"{_score(a):g}"),
            typst_str(str(len(a.evidence.all()))),
            typst_str(
                str(a.get_review_display()) + (f": {a.review_note}" if a.review_note else "")
            ),
        ]
    src = (
        '#set page(paper: "a4", margin: (x: 1.5cm, y: 1.5cm))\n'
        '#set text(lang: "id", size: 9pt)\n'
        f'#text(size: 14pt, weight: "bold", {typst_str(innovation.name)})\\\n'
        f"#text({typst_str(_('Profil inovasi daerah · IID %(y)s · %(k)s') % {'y': innovation.assessment.year, 'k': innovation.assessment.kabupaten})})\n"
        "#v(0.5em)\n"
        f"#table(columns: (4cm, 1fr), inset: 3pt, stroke: 0.3pt,\n{fact_cells})\n"
        "#v(0.5em)\n"
        f'#text(weight: "bold", {typst_str(_("Indikator SID (16-35); * = wajib"))})\n'
        "#table(columns: (1cm, 1fr, 1.1cm, 4.5cm, 1cm, 1cm, 3cm), inset: 3pt, stroke: 0.3pt,\n"
        + ",\n".join(cells)
        + ")\n"
        f"#text(size: 7pt, {typst_str(_('Dicetak %(t)s dari Balai.') % {'t': timezone.localtime().strftime('%d-%m-%Y %H:%M')})})\n"
    )
    return compile_typst(src)


def _date(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if value else "—"


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:60] or "berkas"


class _Sink:
    """A write-only stream whose written bytes are taken out in chunks (ZipFile can't seek it)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def evidence_zip(innovation: Innovation, answers: list[Answer]) -> Iterator[bytes]:
    """Yield a ZIP: one folder per indicator with its files, plus an index of links."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as bundle:  # type: ignore[call-overload]
        index = [f"{innovation.name}", ""]
        for a in answers:
            folder = f"{a.indicator.number:02d}{a.indicator.sub}-{_safe(a.indicator.name)}"
            index.append(f"{a.indicator.label}. {a.indicator.name}: {_param_text(a)}")
            for n, ev in enumerate(a.evidence.all(), 1):
                if ev.is_link:
                    index.append(f"    {_('tautan')}: {ev.url}")
                    continue
                stored = str(ev.file.name or "")
                name = f"{folder}/{n:02d}-{_safe(ev.original_name or stored)}"
                extension = "." + stored.rsplit(".", 1)[-1]
                if not name.endswith(extension):
                    name += extension
                index.append(f"    {_('berkas')}: {name}")
                with ev.file.open("rb") as src, bundle.open(name, "w") as dst:
                    while chunk := src.read(CHUNK):
                        dst.write(chunk)
                        yield sink.take()
        bundle.writestr("daftar-bukti.txt", "\n".join(index) + "\n")
    yield sink.take()


def round_xlsx(
    book: XlsxWriter,
    assessment: Assessment,
    result: IidResult,
    link: Callable[[Evidence], str],
    *,
    progress: Callable[[int], object] | None = None,
) -> None:
    """Write the round as the national portal asks for it: profiles, SID 16-35, SPD 1-15.

    *progress* is told how many innovations' indicator rows are written so far.
    """
    innovations = list(
        assessment.innovations.select_related("area").order_by(
            "owner_kind", "office", "area_id", "name"
        )
    )
    profile = book.sheet(_("Profil inovasi"))
    profile.append(
        [
            _("No."),
            _("Nama inovasi"),
            _("Pemilik"),
            _("Tahapan"),
            _("Inisiator"),
            _("Jenis"),
            _("Bentuk"),
            _("Urusan"),
            _("Tanggal inisiatif"),
            _("Tanggal uji coba"),
            _("Tanggal penerapan"),
            _("Anggaran (Rp)"),
            _("Tujuan"),
            _("Manfaat"),
            _("Mitra"),
            _("Replikasi"),
            _("Status"),
            _("Skor SID"),
        ],
        bold=True,
    )
    for n, inn in enumerate(innovations, 1):
        score = result.innovation_score(inn.pk) if inn.pk in result.innovations else None
        profile.append(
            [
                n,
                inn.name,
                inn.owner_label,
                str(inn.get_tahapan_display()),
                str(inn.get_inisiator_display()),
                str(inn.get_jenis_display()),
                str(inn.get_bentuk_display()),
                str(inn.get_urusan_display()),
                inn.started_on,
                inn.trial_on,
                inn.applied_on,
                int(inn.budget) if inn.budget is not None else None,
                inn.aims,
                inn.benefits,
                inn.partners,
                inn.replication,
                str(inn.get_status_display()),
                None if score is None else float(score),
            ]
        )
    header = [
        _("No."),
        _("Nama inovasi"),
        _("No. indikator"),
        _("Indikator"),
        _("Parameter"),
        _("Keterangan parameter"),
        _("Bobot"),
        _("Skor"),
        _("Bukti dukung"),
        _("Verifikasi"),
        _("Catatan verifikator"),
    ]
    sid = book.sheet(_("Indikator SID 16-35"))
    sid.append(header, bold=True)
    # 20 rows per innovation: read as plain tuples (no model instance per answer,
    # indicator and evidence), the indicators once.
    indicators = {i.pk: i for i in assessment.rule_set.indicators.filter(aspect=Aspect.SID)}
    parameters = {pk: dict(i.parameters()) for pk, i in indicators.items()}
    reviews = {value: str(label) for value, label in Review.choices}
    evidence: dict[int, list[str]] = {}
    for answer_id, pk, url in (
        Evidence.objects.filter(answer__assessment=assessment, answer__innovation__isnull=False)
        .order_by("created_at", "pk")
        .values_list("answer_id", "pk", "url")
    ):
        evidence.setdefault(answer_id, []).append(url or link(Evidence(pk=pk)))
    by_innovation: dict[int, list[tuple[Any, ...]]] = {}
    for row in Answer.objects.filter(
        assessment=assessment, indicator_id__in=list(indicators)
    ).values_list("pk", "innovation_id", "indicator_id", "parameter", "review", "review_note"):
        by_innovation.setdefault(int(row[1] or 0), []).append(row)

    def order(row: tuple[Any, ...]) -> tuple[int, str]:
        ind = indicators[row[2]]
        return ind.number, ind.sub

    for n, inn in enumerate(innovations, 1):
        for pk, _inn, ind_pk, parameter, review, note in sorted(
            by_innovation.get(inn.pk, []), key=order
        ):
            ind = indicators[ind_pk]
            sid.append(
                [
                    n,
                    inn.name,
                    ind.label,
                    ind.name,
                    parameter,
                    f"{parameter}: {parameters[ind_pk][parameter]}" if parameter else "",
                    float(ind.weight),
                    float(Decimal(ind.weight) * (parameter or 0)),
                    " ; ".join(evidence.get(pk, [])),
                    reviews.get(review, review),
                    note,
                ]
            )
        if progress is not None:
            progress(n)
    spd = book.sheet(_("Indikator SPD 1-15"))
    spd.append(header, bold=True)
    for a in (
        Answer.objects.filter(assessment=assessment, innovation=None)
        .select_related("indicator")
        .prefetch_related("evidence")
        .order_by("indicator__number", "indicator__sub")
    ):
        spd.append(_answer_row(None, "", a, link))
    summary = book.sheet(_("Skor IID"))
    s = result.score
    for label, value in (
        (_("Skor SPD"), s.spd),
        (_("Jumlah inovasi dinilai (n)"), s.n),
        (_("Pembagi MAX(x, n)"), s.divisor),
        (_("Jumlah skor SID"), s.sid_sum),
        (_("Rata-rata skor SID"), s.sid_average),
        (_("Skor jumlah inovasi"), s.count_score),
        (_("Skor SID"), s.sid),
        (_("Skor total"), s.total),
        (_("IID"), s.iid),
        (_("Predikat"), s.predicate),
    ):
        summary.append([str(label), value if isinstance(value, str) else float(value)])


def _answer_row(n: int | None, name: str, a: Answer, link: Callable[[Evidence], str]) -> list[Any]:
    evidence = " ; ".join(ev.url or link(ev) for ev in a.evidence.all())
    return [
        n,
        name,
        a.indicator.label,
        a.indicator.name,
        a.parameter,
        _param_text(a) if a.parameter else "",
        float(a.indicator.weight),
        float(_score(a)),
        evidence,
        str(a.get_review_display()),
        a.review_note,
    ]
