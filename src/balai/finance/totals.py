"""Budget arithmetic on APBDes lines (pure: works on any iterable of lines or rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from balai.finance import chart


@dataclass(frozen=True)
class Totals:
    income: Decimal
    expenditure: Decimal
    financing_in: Decimal
    financing_out: Decimal

    @property
    def surplus(self) -> Decimal:
        """Income minus expenditure (negative: a deficit)."""
        return self.income - self.expenditure

    @property
    def net_financing(self) -> Decimal:
        return self.financing_in - self.financing_out

    @property
    def net(self) -> Decimal:
        """Surplus plus net financing: 0 when the budget balances (SiLPA berjalan nihil)."""
        return self.surplus + self.net_financing


def budget_totals(lines: Iterable[Any]) -> Totals:
    """Sum *lines* (objects or dicts with ``account_code`` and ``amount``) by akun."""
    sums = {"4": Decimal(0), "5": Decimal(0), "6.1": Decimal(0), "6.2": Decimal(0)}
    for line in lines:
        code = line["account_code"] if isinstance(line, dict) else line.account_code
        amount = line["amount"] if isinstance(line, dict) else line.amount
        key = code[:3] if code.startswith(chart.FINANCING) else code[:1]
        if key in sums:
            sums[key] += Decimal(amount or 0)
    return Totals(sums["4"], sums["5"], sums["6.1"], sums["6.2"])
