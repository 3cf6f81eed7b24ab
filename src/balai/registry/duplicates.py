"""Find residents who are probably one person under two NIKs; merge or dismiss.

The finder works on one village (or kecamatan): it loads the living and
moved-away residents there, groups them by birth date and by a phonetic name
key (blocking), and scores each pair inside a block on name similarity,
birth date and place, parents and family/address. Every point of the score
is shown as evidence. Dismissed pairs never come back.

A merge keeps one resident and turns the other into a tombstone: its events
and family membership move onto the kept one, a MERGED event is written on
the removed one, its status becomes INVALID, and a ``ResidentMerge`` row
records the mapping. Nothing is deleted. Only registry-owned references are
re-pointed; other apps follow ``kept_for()`` to find the kept record.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.registry import codes
from balai.registry.duplicates_models import DuplicateDismissal, ResidentMerge
from balai.registry.models import EventKind, LifeEvent, Resident
from balai.registry.validation import village_code

# Honorifics and name prefixes that vary between records of the same person.
PREFIXES = frozenset(
    {
        "H",
        "HJ",
        "HAJI",
        "HAJJAH",
        "HAJAH",
        "MUH",
        "MUHD",
        "MUHAMMAD",
        "MUHAMAD",
        "MUHAMMED",
        "MOH",
        "MOHD",
        "MOHAMMAD",
        "MOHAMAD",
        "MOCH",
        "MOCHAMMAD",
        "MOCHAMAD",
        "MHD",
        "M",
        "MUCH",
        "MUKH",
        "DRS",
        "DRA",
        "DR",
        "IR",
        "PROF",
    }
)
# Spelling reforms and regional spellings (EYD): Soekarno/Sukarno, Djoko/Joko…
SPELLINGS = [
    ("OE", "U"),
    ("DJ", "J"),
    ("TJ", "C"),
    ("SJ", "SY"),
    ("NJ", "NY"),
    ("CH", "KH"),
    ("PH", "F"),
    ("Q", "K"),
    ("Z", "S"),
    ("V", "F"),
    ("Y", "I"),
    ("W", "U"),
]
MIN_NAME_RATIO = 0.75
THRESHOLD = 60
MAX_BLOCK = 60
MAX_PAIRS = 200
CANDIDATE_STATUSES = (
    codes.BasicStatus.ALIVE,
    codes.BasicStatus.MISSING,
    codes.BasicStatus.MOVED,
    codes.BasicStatus.GONE,
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def normalise_name(name: str) -> str:
    """Return *name* without case, punctuation, academic titles or honorific prefixes."""
    text = _ascii(name).split(",", 1)[0]  # "SITI, S.PD" → academic titles after a comma
    tokens = re.sub(r"[^A-Z ]+", " ", text.replace(".", ". ")).split()
    while len(tokens) > 1 and tokens[0] in PREFIXES:
        tokens.pop(0)
    return " ".join(tokens)


def phonetic(name: str) -> str:
    """Return a spelling-tolerant key of a normalised name (first letters kept, vowels dropped)."""
    out = []
    for token in name.split():
        for old, new in SPELLINGS:
            token = token.replace(old, new)
        token = re.sub(r"(.)\1+", r"\1", token)
        out.append(token[0] + re.sub(r"[AEIOU]", "", token[1:]))
    return " ".join(sorted(out))


def name_similarity(a: str, b: str) -> float:
    """Return 0..1: the better of character similarity and token-order-free similarity."""
    if not a or not b:
        return 0.0
    direct = SequenceMatcher(None, a, b).ratio()
    sorted_a, sorted_b = " ".join(sorted(a.split())), " ".join(sorted(b.split()))
    swapped = SequenceMatcher(None, sorted_a, sorted_b).ratio()
    sounds = SequenceMatcher(None, phonetic(a), phonetic(b)).ratio()
    return max(direct, swapped, 0.95 * sounds if sounds == 1.0 else 0.0)


@dataclass
class Pair:
    a: Resident
    b: Resident
    score: int
    evidence: list[str] = field(default_factory=list)


def _same_text(x: str, y: str) -> bool:
    return bool(x.strip()) and normalise_name(x) == normalise_name(y)


def score_pair(a: Resident, b: Resident) -> Pair | None:
    """Score how likely *a* and *b* are one person; None below the name floor."""
    na, nb = normalise_name(a.name), normalise_name(b.name)
    ratio = name_similarity(na, nb)
    if ratio < MIN_NAME_RATIO:
        return None
    points = round(40 * ratio)
    evidence = [
        _("Nama mirip (%(p)d%%): %(a)s / %(b)s") % {"p": ratio * 100, "a": a.name, "b": b.name}
    ]
    if a.birth_date and b.birth_date:
        if a.birth_date == b.birth_date:
            points += 25
            evidence.append(_("Tanggal lahir sama: %(d)s") % {"d": f"{a.birth_date:%d-%m-%Y}"})
        elif a.birth_date.year == b.birth_date.year:
            points += 5
            evidence.append(_("Tahun lahir sama: %(y)d") % {"y": a.birth_date.year})
        elif abs(a.birth_date.year - b.birth_date.year) > 1:
            points -= 15
    if _same_text(a.birth_place, b.birth_place):
        points += 10
        evidence.append(_("Tempat lahir sama: %(p)s") % {"p": a.birth_place})
    parents = 0
    if (a.mother_nik and a.mother_nik == b.mother_nik) or (
        a.father_nik and a.father_nik == b.father_nik
    ):
        parents += 10
        evidence.append(_("NIK orang tua sama"))
    if (
        a.mother_name
        and name_similarity(normalise_name(a.mother_name), normalise_name(b.mother_name)) >= 0.85
    ):
        parents += 10
        evidence.append(_("Nama ibu sama: %(n)s") % {"n": a.mother_name})
    if (
        a.father_name
        and name_similarity(normalise_name(a.father_name), normalise_name(b.father_name)) >= 0.85
    ):
        parents += 5
        evidence.append(_("Nama ayah sama: %(n)s") % {"n": a.father_name})
    points += min(parents, 15)
    if a.family_id and a.family_id == b.family_id:
        points += 10
        evidence.append(_("Satu Kartu Keluarga"))
    elif a.current_address and _same_text(a.current_address, b.current_address):
        points += 5
        evidence.append(_("Alamat sama"))
    elif a.area_id == b.area_id and len(a.area_id) > 13:
        points += 3
        evidence.append(_("Wilayah (RT/dusun) sama"))
    if a.sex != b.sex:
        points -= 20
        evidence.append(_("Jenis kelamin berbeda"))
    return Pair(a=a, b=b, score=points, evidence=evidence)


def _blocks(people: list[Resident]) -> list[list[Resident]]:
    by_key: dict[tuple[str, Any], list[Resident]] = defaultdict(list)
    for person in people:
        if person.birth_date:
            by_key[("d", person.birth_date)].append(person)
        key = phonetic(normalise_name(person.name))
        if key:
            by_key[("n", key)].append(person)
    return [group for group in by_key.values() if 1 < len(group) <= MAX_BLOCK]


def dismissed_pairs(ids: set[int]) -> set[tuple[int, int]]:
    """Return the dismissed (low id, high id) pairs among *ids*."""
    rows = DuplicateDismissal.objects.filter(resident_a__in=ids).values_list(
        "resident_a_id", "resident_b_id"
    )
    return {(a, b) for a, b in rows if b in ids}


def find_pairs(area_code: str, *, threshold: int = THRESHOLD, limit: int = MAX_PAIRS) -> list[Pair]:
    """Return likely duplicate pairs among the residents of *area_code*, best first.

    The caller has checked that the user may change residents there.
    """
    people = list(
        Resident.objects.filter(area__within=area_code, status__in=CANDIDATE_STATUSES)
        .select_related("area", "family")
        .order_by("id")
    )
    dismissed = dismissed_pairs({p.pk for p in people})
    seen: set[tuple[int, int]] = set()
    pairs = []
    for block in _blocks(people):
        for x, y in combinations(block, 2):
            key = (min(x.pk, y.pk), max(x.pk, y.pk))
            if key in seen or key in dismissed:
                continue
            seen.add(key)
            pair = score_pair(x, y) if x.pk < y.pk else score_pair(y, x)
            if pair is not None and pair.score >= threshold:
                pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a.pk, p.b.pk))
    return pairs[:limit]


def pair_dismiss(*, actor: Any, a: Resident, b: Resident, note: str = "") -> DuplicateDismissal:
    """Record that *a* and *b* are two people, so the finder never proposes them again."""
    if a.pk == b.pk:
        raise DomainError(_("Pilih dua data penduduk yang berbeda."))
    low, high = (a, b) if a.pk < b.pk else (b, a)
    with transaction.atomic():
        dismissal, created = DuplicateDismissal.objects.get_or_create(
            resident_a=low,
            resident_b=high,
            defaults={
                "area_id": village_code(low.area_id),
                "note": note,
                "dismissed_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        if created:
            audit.record(
                actor=actor,
                action="registry.duplicate_dismissed",
                obj=low,
                data={"other": high.pk, "note": note},
            )
    return dismissal


def resident_merge(*, actor: Any, kept: Resident, removed: Resident) -> ResidentMerge:
    """Merge *removed* into *kept*: same person, *kept*'s record survives.

    *removed*'s events and family membership move to *kept*; *removed* gets a
    MERGED event, status INVALID and leaves its family; nothing is deleted.
    """
    if kept.pk == removed.pk:
        raise DomainError(_("Pilih dua data penduduk yang berbeda."))
    if village_code(kept.area_id) != village_code(removed.area_id):
        raise DomainError(_("Hanya data ganda dalam satu desa yang dapat digabung."))
    with transaction.atomic():
        locked = {
            r.pk: r
            for r in Resident.objects.select_for_update().filter(pk__in=[kept.pk, removed.pk])
        }
        kept, removed = locked[kept.pk], locked[removed.pk]
        for person in (kept, removed):
            if person.status == codes.BasicStatus.INVALID:
                raise ConflictError(
                    _("%(name)s (%(nik)s) sudah tidak valid atau sudah digabung.")
                    % {"name": person.name, "nik": person.nik}
                )
        evidence = score_pair(kept, removed)
        moved = list(LifeEvent.objects.filter(resident=removed).values_list("id", flat=True))
        LifeEvent.objects.filter(pk__in=moved).update(resident=kept)
        kept_fields = []
        if kept.family_id is None and removed.family_id is not None:
            kept.family_id, kept.family_relation = removed.family_id, removed.family_relation
            kept_fields += ["family", "family_relation"]
        if kept.household_id is None and removed.household_id is not None:
            kept.household_id = removed.household_id
            kept.household_relation = removed.household_relation
            kept_fields += ["household", "household_relation"]
        if kept_fields:
            kept.save(update_fields=[*kept_fields, "updated_at"])
        today = timezone.localdate()
        LifeEvent.objects.create(
            resident=removed,
            kind=EventKind.MERGED,
            event_date=today,
            report_date=today,
            area_id=removed.area_id,
            sex=removed.sex,
            delta=-1 if removed.is_alive else 0,
            family_before_id=removed.family_id,
            family_after_id=kept.family_id if "family" in kept_fields else None,
            changes={"merged_into": kept.pk, "kept_nik": kept.nik, "moved_events": moved},
            note=_("Data ganda dari %(nik)s") % {"nik": kept.nik},
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        removed.status = codes.BasicStatus.INVALID
        removed.pregnant = False
        removed.family = None
        removed.household = None
        removed.save(update_fields=["status", "pregnant", "family", "household", "updated_at"])
        merge = ResidentMerge.objects.create(
            kept=kept,
            removed=removed,
            area_id=village_code(removed.area_id),
            evidence={"score": evidence.score, "evidence": evidence.evidence} if evidence else {},
            moved_events=len(moved),
            merged_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            actor=actor,
            action="registry.merged",
            obj=kept,
            data={"removed": removed.pk, "removed_nik": removed.nik, "moved_events": moved},
        )
    return merge


def kept_for(resident_id: int) -> int:
    """Return the id of the record that survives *resident_id* (itself if never merged).

    For other apps holding resident references: follow this before showing or
    counting a person, since a merge re-points only the registry's own rows.
    """
    seen = {resident_id}
    current = resident_id
    while True:
        nxt = (
            ResidentMerge.objects.filter(removed_id=current)
            .values_list("kept_id", flat=True)
            .first()
        )
        if nxt is None or nxt in seen:
            return current
        seen.add(nxt)
        current = nxt
