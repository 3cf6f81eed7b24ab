"""A deterministic synthetic population: families, people and three years of life events.

Used by ``balai demo --residents N`` and by the benchmarks. Names are common
Indonesian (with Bugis/Luwu flavour), the age pyramid is close to a rural
Sulawesi kabupaten, identity numbers pass the Dukcapil rules, and events
(births, deaths, moves) are spread over the last three years with some late
registrations.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from balai.core.areacodes import kecamatan_code
from balai.registry import codes
from balai.registry.synth import kk_for, nik_for

MALE = [
    "Andi",
    "Muhammad",
    "Ahmad",
    "Abdul",
    "Rahman",
    "Syamsul",
    "Hasan",
    "Baso",
    "Daeng",
    "Arifin",
    "Rusli",
    "Yusuf",
    "Ismail",
    "Amir",
    "Hamzah",
    "Ilham",
    "Fajar",
    "Rizal",
    "Agus",
    "Budi",
    "Hendra",
    "Irwan",
    "Jufri",
    "Kamaruddin",
    "Lukman",
    "Nasrun",
    "Ridwan",
    "Saiful",
    "Taufik",
    "Wahyu",
    "Zainal",
    "Anwar",
    "Darwis",
    "Haris",
    "Sudirman",
    "Yohanis",
]
FEMALE = [
    "Sitti",
    "Nurhayati",
    "Hasnah",
    "Rahmawati",
    "Andi",
    "Fatimah",
    "Aisyah",
    "Hasmiati",
    "Jumriati",
    "Kartini",
    "Masni",
    "Nurul",
    "Rosmini",
    "Salmah",
    "Wahida",
    "Yuliana",
    "Dewi",
    "Sri",
    "Ani",
    "Ratna",
    "Hadijah",
    "Mardiana",
    "Suriani",
    "Irma",
    "Musdalifah",
    "Nuraeni",
    "Herlina",
    "Marlina",
    "Sumarni",
    "Hartini",
    "Yohana",
    "Maria",
]
SECOND = [
    "Amin",
    "Ramli",
    "Basri",
    "Saleh",
    "Tahir",
    "Makmur",
    "Rauf",
    "Sanusi",
    "Said",
    "Jaya",
    "Patta",
    "Sulaiman",
    "Halim",
    "Mansur",
    "Latif",
    "Wahab",
    "Rasyid",
    "Kadir",
    "Hamid",
    "Gani",
    "Rahim",
    "Syukur",
    "Nur",
    "Indah",
    "Sari",
    "Wati",
    "Ningsih",
    "Lestari",
]
PLACES = [
    "Masamba",
    "Palopo",
    "Makassar",
    "Sabbang",
    "Bone-Bone",
    "Malangke",
    "Baebunta",
    "Mappedeceng",
    "Sukamaju",
    "Rampi",
    "Seko",
    "Toraja",
    "Luwu",
    "Wajo",
    "Enrekang",
]
# Rough age pyramid (share of the population per 5-year band, 0-4 … 75+).
PYRAMID = [8.9, 8.9, 8.7, 8.2, 7.9, 7.6, 7.4, 7.2, 6.8, 6.2, 5.5, 4.6, 3.9, 3.1, 2.4, 2.7]


@dataclass
class Person:
    nik: str
    name: str
    sex: int
    birth_date: date
    birth_place: str
    relation: int
    religion: int
    education_kk: int
    occupation: int
    marital_status: int
    pregnant: bool = False
    father_name: str = ""
    mother_name: str = ""
    mother_nik: str = ""
    status: int = codes.BasicStatus.ALIVE
    # (kind, event_date, report_date, scope) — the first is how they entered.
    events: list[tuple[str, date, date, str]] = field(default_factory=list)


@dataclass
class Household:
    no_kk: str
    area_code: str
    address: str
    members: list[Person]


class Generator:
    """Generate families village by village; deterministic for a seed."""

    def __init__(self, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=3 * 365)
        self.nik_serial: dict[str, int] = defaultdict(int)
        self.kk_serial: dict[str, int] = defaultdict(int)

    def _nik(self, kecamatan: str, born: date, sex: int) -> str:
        prefix = nik_for(kecamatan, born, sex, 0)[:12]
        self.nik_serial[prefix] += 1
        return nik_for(kecamatan, born, sex, self.nik_serial[prefix])

    def _kk(self, kecamatan: str) -> str:
        recorded = self.start - timedelta(days=self.rng.randint(0, 3650))
        prefix = kk_for(kecamatan, recorded, 0)[:12]
        self.kk_serial[prefix] += 1
        return kk_for(kecamatan, recorded, self.kk_serial[prefix])

    def _age_years(self, low: int, high: int) -> int:
        bands = [(i, w) for i, w in enumerate(PYRAMID) if low <= i * 5 <= high]
        band = self.rng.choices([b for b, _w in bands], [w for _b, w in bands])[0]
        return min(high, max(low, band * 5 + self.rng.randint(0, 4)))

    def _born(self, age: int) -> date:
        return self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))

    def _person(
        self, kecamatan: str, *, sex: int, age: int, relation: int, married: bool
    ) -> Person:
        rng = self.rng
        born = self._born(age)
        first = rng.choice(MALE if sex == codes.Sex.MALE else FEMALE)
        name = f"{first} {rng.choice(SECOND)}"
        religion = rng.choices([1, 2, 3, 4, 5], [86, 11, 2, 0.5, 0.5])[0]
        if age < 7:
            education = 1
        elif age < 13:
            education = 2
        else:
            education = rng.choices([1, 2, 3, 4, 5, 6, 7, 8, 9], [4, 8, 25, 22, 28, 2, 3, 7, 1])[0]
        if age < 15:
            occupation = 3 if age >= 7 else 1
        elif sex == codes.Sex.FEMALE and married:
            occupation = rng.choices([2, 9, 84, 88, 65, 73], [55, 20, 10, 8, 4, 3])[0]
        else:
            occupation = rng.choices(
                [9, 20, 19, 88, 84, 15, 5, 65, 11], [40, 12, 8, 10, 8, 8, 5, 4, 5]
            )[0]
        marital = codes.MaritalStatus.MARRIED if married else codes.MaritalStatus.SINGLE
        if married and age > 60 and rng.random() < 0.25:
            marital = codes.MaritalStatus.WIDOWED
        return Person(
            nik=self._nik(kecamatan, born, sex),
            name=name,
            sex=sex,
            birth_date=born,
            birth_place=rng.choice(PLACES),
            relation=relation,
            religion=religion,
            education_kk=education,
            occupation=occupation,
            marital_status=marital,
        )

    def family(self, kecamatan: str, area_code: str, rt_label: str) -> Household:
        """Return one family (head, maybe spouse, children, maybe a parent) with events."""
        rng = self.rng
        head_age = self._age_years(20, 80)
        married = head_age >= 22 and rng.random() < 0.85
        head_sex = codes.Sex.MALE if married or rng.random() < 0.6 else codes.Sex.FEMALE
        head = self._person(
            kecamatan,
            sex=head_sex,
            age=head_age,
            relation=codes.FamilyRelation.HEAD,
            married=married,
        )
        members = [head]
        mother = None
        if married and head_sex == codes.Sex.MALE:
            wife_age = max(18, head_age - rng.randint(0, 8))
            mother = self._person(
                kecamatan,
                sex=codes.Sex.FEMALE,
                age=wife_age,
                relation=codes.FamilyRelation.WIFE,
                married=True,
            )
            members.append(mother)
        elif head_sex == codes.Sex.FEMALE:
            mother = head
        if mother is not None:
            mother_age = (self.today - mother.birth_date).days // 365
            kids = (
                rng.choices([0, 1, 2, 3, 4, 5], [10, 20, 30, 22, 12, 6])[0]
                if mother_age < 60
                else rng.randint(0, 2)
            )
            # Children are born while the mother is 19-42, 2-5 years apart; older
            # ones have left home, so only those still under ~25 are listed.
            child_age = mother_age - rng.randint(19, 26)
            for _i in range(kids):
                if child_age < 0 or mother_age - child_age > 42:
                    break
                if child_age > 25:
                    child_age -= rng.randint(2, 5)
                    continue
                child = self._person(
                    kecamatan,
                    sex=rng.choice([1, 2]),
                    age=child_age,
                    relation=codes.FamilyRelation.CHILD,
                    married=False,
                )
                child.mother_name, child.mother_nik = mother.name, mother.nik
                child.father_name = head.name if head is not mother else ""
                members.append(child)
                child_age -= rng.randint(2, 5)
            if 20 <= mother_age <= 40 and rng.random() < 0.07:
                mother.pregnant = True
        if rng.random() < 0.08:
            members.append(
                self._person(
                    kecamatan,
                    sex=rng.choice([1, 2]),
                    age=self._age_years(60, 85),
                    relation=codes.FamilyRelation.PARENT,
                    married=True,
                )
            )
        for person in members:
            self._history(person)
        address = f"{rt_label}, {rng.choice(['Jl. Poros', 'Lorong', 'Jl. Masjid', 'Jl. Pendidikan'])} {rng.randint(1, 40)}"
        return Household(
            no_kk=self._kk(kecamatan), area_code=area_code, address=address, members=members
        )

    def _history(self, person: Person) -> None:
        rng = self.rng

        def reported(day: date) -> date:
            late = rng.random() < 0.08  # late registrations exist and must show as such
            delay = rng.randint(35, 200) if late else rng.randint(0, 20)
            return min(self.today, day + timedelta(days=delay))

        if person.birth_date >= self.start:
            person.events.append(("birth", person.birth_date, reported(person.birth_date), ""))
        elif rng.random() < 0.03:
            moved_in = self.start + timedelta(days=rng.randint(0, (self.today - self.start).days))
            person.events.append(
                (
                    "move_in",
                    moved_in,
                    reported(moved_in),
                    rng.choice(["kabupaten", "provinsi", "kecamatan"]),
                )
            )
        else:
            person.events.append(("registered", self.start, self.start, ""))
        entered = person.events[0][1]
        span = (self.today - entered).days
        if span < 2:
            return
        age = (self.today - person.birth_date).days / 365
        death_risk = 0.002 if age < 50 else 0.01 if age < 70 else 0.05
        if rng.random() < death_risk * 3:
            day = entered + timedelta(days=rng.randint(1, span - 1))
            person.events.append(("death", day, reported(day), ""))
            person.status = codes.BasicStatus.DEAD
            person.pregnant = False
        elif 17 < age < 45 and rng.random() < 0.02:
            day = entered + timedelta(days=rng.randint(1, span - 1))
            person.events.append(
                (
                    "move_out",
                    day,
                    reported(day),
                    rng.choice(["kabupaten", "provinsi", "nasional", "luar_negeri"]),
                )
            )
            person.status = codes.BasicStatus.MOVED
            person.pregnant = False


def village_families(
    gen: Generator, village_code: str, rts: list[tuple[str, str]], residents: int
) -> Iterator[Household]:
    """Yield families for one village until about *residents* people are made."""
    made = 0
    kecamatan = kecamatan_code(village_code)
    while made < residents:
        area_code, label = gen.rng.choice(rts) if rts else (village_code, "")
        household = gen.family(kecamatan, area_code, label)
        made += len(household.members)
        yield household
