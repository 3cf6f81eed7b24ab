"""XLSX lists of each musrenbang level in the columns planners use.

Columns follow the usulan forms of the musrenbang (Permendagri 86/2017
lampiran): rank, code, village, kegiatan code and name, the proposal,
location, volume and unit, cost, beneficiaries, score, fit under the pagu,
OPD and programme, stage and answer. No names of proposers (they are not
needed to plan and the list is shared).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _

from balai.core.exports import XlsxWriter, xlsx_download
from balai.planning import selectors
from balai.planning.models import Forum, ForumEntry, Proposal, RkpdesActivity

FORUM_HEADER = (
    "peringkat",
    "kode_usulan",
    "kode_desa",
    "desa",
    "kode_kegiatan",
    "kegiatan",
    "usulan",
    "lokasi",
    "volume",
    "satuan",
    "biaya_rp",
    "penerima_manfaat",
    "dukungan",
    "nilai",
    "masuk_pagu",
    "opd",
    "program_opd",
    "tahap",
    "jawaban",
)


def _row(entry_rank: Any, score: Any, fits: Any, p: Proposal, names: dict[str, str]) -> list[Any]:
    return [
        entry_rank,
        p.code,
        p.village_id,
        names.get(p.village_id, ""),
        p.kegiatan_id,
        p.kegiatan.name,
        p.title,
        p.location,
        p.volume,
        p.unit,
        p.estimated_cost,
        p.beneficiaries,
        p.support_count,
        score,
        fits,
        p.opd.name if p.opd else "",
        p.opd_programme,
        p.get_stage_display(),
        p.answer_reason or p.answer_activity,
    ]


def forum_rows(forum: Forum) -> list[list[Any]]:
    """Return the forum's list: the live ranking while open, the fixed one once closed."""
    from balai.regions.models import Area

    proposals = {p.pk: p for p in selectors.forum_proposals(forum, pending_only=False)}
    names = dict(
        Area.objects.filter(code__in={p.village_id for p in proposals.values()}).values_list(
            "code", "name"
        )
    )
    yes, no = _("ya"), _("tidak")
    if forum.is_open:
        pending = [p for p in proposals.values() if p.stage in selectors.forum_stages(forum.level)]
        result = selectors.forum_ranking(forum, proposals=pending)
        rows = [
            _row(r.rank, r.score, yes if r.fits else no, proposals[r.item.pk], names)
            for r in result.rows
        ]
        seen = {r.item.pk for r in result.rows}
    else:
        entries = ForumEntry.objects.filter(forum=forum).order_by("rank")
        rows = [
            _row(e.rank, e.score, yes if e.fits else no, proposals[e.proposal_id], names)
            for e in entries
            if e.proposal_id in proposals
        ]
        seen = {e.proposal_id for e in entries}
    rows += [_row("", "", "", p, names) for pk, p in proposals.items() if pk not in seen]
    return rows


def forum_xlsx(forum: Forum) -> FileResponse:
    """Send the forum's list as XLSX."""

    def build(book: XlsxWriter) -> None:
        sheet = book.sheet(_("Usulan"))
        sheet.append([str(forum), forum.get_status_display()], bold=True)
        sheet.append(list(FORUM_HEADER), bold=True)
        for row in forum_rows(forum):
            sheet.append(row)

    name = f"musrenbang-{forum.level}-{forum.area_id}-{forum.year}.xlsx"
    return xlsx_download(build, name, personal=False)


RKPDES_HEADER = (
    "kode_kegiatan",
    "kode_siskeudes",
    "bidang",
    "sub_bidang",
    "kegiatan",
    "lokasi",
    "volume",
    "satuan",
    "penerima_manfaat",
    "biaya_rp",
    "sumber_dana",
    "pelaksana",
    "program_rpjmdes",
    "usulan",
)


def rkpdes_xlsx(village_code: str, year: int, activities: list[RkpdesActivity]) -> FileResponse:
    """Send a village's RKP Desa list as XLSX (the columns of the RKP Desa form)."""

    def build(book: XlsxWriter) -> None:
        sheet = book.sheet(_("RKP Desa"))
        sheet.append(list(RKPDES_HEADER), bold=True)
        for a in activities:
            proposal = getattr(a, "proposal", None)
            sheet.append(
                [
                    a.kegiatan_id,
                    a.kegiatan.siskeudes_code,
                    a.kegiatan.get_bidang_display(),
                    a.kegiatan.sub_bidang_name,
                    a.name,
                    a.location,
                    a.volume,
                    a.unit,
                    a.beneficiaries,
                    a.indicative_cost,
                    a.get_fund_source_display(),
                    a.implementer,
                    a.programme.name if a.programme else "",
                    proposal.code if proposal else "",
                ]
            )

    return xlsx_download(build, f"rkpdes-{village_code}-{year}.xlsx", personal=False)
