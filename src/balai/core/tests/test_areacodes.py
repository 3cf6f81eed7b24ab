"""Area-code arithmetic (core/areacodes.py): prefixes of every level from any code below it."""

from balai.core import areacodes

RT = "73.22.03.2004.01.001"  # an RT in Desa Pincara's first dusun


def test_prefixes_of_a_subvillage_code() -> None:
    assert areacodes.province_code(RT) == "73"
    assert areacodes.kabupaten_code(RT) == "73.22"
    assert areacodes.kecamatan_code(RT) == "73.22.03"
    assert areacodes.village_code(RT) == "73.22.03.2004"
    assert areacodes.ancestor_codes(RT) == [
        "73",
        "73.22",
        "73.22.03",
        "73.22.03.2004",
        "73.22.03.2004.01",
    ]


def test_a_code_is_its_own_prefix_at_its_level() -> None:
    assert areacodes.village_code("73.22.03.2004") == "73.22.03.2004"
    assert areacodes.kabupaten_code("73.22") == "73.22"
    assert areacodes.ancestor_codes("73") == []


def test_levels_by_length() -> None:
    assert areacodes.is_at_least_village("73.22.03.2004")
    assert areacodes.is_at_least_village(RT)
    assert not areacodes.is_at_least_village("73.22.03")
    assert areacodes.is_at_least_kabupaten("73.22")
    assert not areacodes.is_at_least_kabupaten("73")
