"""The one stored and displayed form of a person's name.

The register keeps names as Dukcapil prints them on the KK and KTP-el: upper
case, single spaces, no surrounding blanks (OpenSID does the same). Every
writer of a person's name (registry services and API, imports, the posyandu
newborn form through ``resident_register``, letters about people outside the
register) passes it through :func:`person_name`, so names compare, sort and
display in one case; migration ``registry 00xx_names_upper_case`` brought older
rows to this form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Resident fields holding a person's name.
NAME_FIELDS = ("name", "father_name", "mother_name")


def person_name(value: str | None) -> str:
    """Return *value* in the register's form: upper case, single spaces."""
    return " ".join((value or "").split()).upper()


def with_person_names(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return *data* with its name fields (``NAME_FIELDS``) in the register's form."""
    return {
        key: person_name(value) if key in NAME_FIELDS and isinstance(value, str) else value
        for key, value in data.items()
    }
