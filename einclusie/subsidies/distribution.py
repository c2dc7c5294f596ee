"""The distribution key (verdeelsleutel): share an envelope among municipalities, exactly.

The rule, in four steps (docs/subsidies.md says the same in Dutch for the people who publish it):

1. **Score.** Each component has a weight; the weights are normalised so they sum to 1. A municipality's
   score is the sum over the components of weight × (its value ÷ the total of that value over every
   eligible municipality): its weighted share of each statistic.
2. **Exact amount.** Every municipality gets λ × score, held between the floor and the cap when these are
   set, with the one λ that makes the amounts add up to the envelope. Without floor and cap this is simply
   envelope × score. (With them it is "water-filling": what the floor adds and the cap removes is shared
   by the others in proportion to their score.)
3. **Rounding: largest remainder.** Every exact amount is rounded down to the unit (1 euro or 1 cent). The
   units left over are handed out one each to the municipalities with the largest remainder; ties go to the
   higher score, then to the lower NIS code. So the amounts add up to the envelope to the cent, and no
   amount differs from its exact value by a whole unit or more.
4. **Explanation.** Every step is kept per municipality, so the published table can answer "why do we get
   this amount?".

All arithmetic is done in exact fractions; nothing is rounded before step 3.
"""

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _


class DistributionError(ValueError):
    """The key cannot share the envelope (the message says why, in the reader's language)."""


@dataclass(frozen=True)
class Component:
    code: str  # the indicator code
    weight: Decimal


@dataclass
class Share:
    nis_code: str
    values: dict  # indicator code -> value (Decimal)
    component_shares: dict = field(default_factory=dict)  # indicator code -> Fraction of the total
    score: Fraction = Fraction(0)
    exact: Fraction = Fraction(0)
    bound: str = ""  # "floor", "cap" or ""
    amount: Decimal = Decimal(0)
    remainder_unit: bool = False  # got one of the units left over after rounding down

    def explanation(self, totals, weights):
        """A JSON-ready account of how the amount came about."""
        return {
            "components": [
                {
                    "indicator": code,
                    "value": str(self.values[code]),
                    "total": str(totals[code]),
                    "share": _fraction_text(self.component_shares[code], 8),
                    "weight": _fraction_text(weights[code], 6),
                }
                for code in weights
            ],
            "score": _fraction_text(self.score, 10),
            "exact": _fraction_text(self.exact, 4),
            "bound": self.bound,
            "remainder_unit": self.remainder_unit,
        }


def distribute(*, values, components, envelope, unit=Decimal("1"), floor=None, cap=None):
    """Share `envelope` over the municipalities in `values` ({nis_code: {indicator: value}}).

    Returns (shares sorted by NIS code, totals per indicator, normalised weights).
    """
    envelope, unit = Decimal(envelope), Decimal(unit)
    weights = _normalised_weights(components)
    _check_amounts(envelope=envelope, unit=unit, floor=floor, cap=cap, count=len(values))
    totals = {code: sum((Decimal(row[code]) for row in values.values()), Decimal(0)) for code in weights}
    for code, total in totals.items():
        if total <= 0:
            raise DistributionError(
                _("De statistiek %(indicator)s is overal nul: ze kan niets verdelen.") % {"indicator": code}
            )
    shares = []
    for nis_code in sorted(values):
        row = values[nis_code]
        share = Share(nis_code=nis_code, values={code: Decimal(row[code]) for code in weights})
        share.component_shares = {code: Fraction(share.values[code]) / Fraction(totals[code]) for code in weights}
        share.score = sum((weights[code] * share.component_shares[code] for code in weights), Fraction(0))
        shares.append(share)
    _exact_amounts(shares, Fraction(envelope), _fraction(floor), _fraction(cap))
    _round_largest_remainder(shares, envelope, unit)
    return shares, totals, weights


def _normalised_weights(components):
    if not components:
        raise DistributionError(_("Een verdeelsleutel heeft minstens één onderdeel nodig."))
    weights = {}
    for component in components:
        if component.weight <= 0:
            raise DistributionError(_("Elk gewicht moet groter zijn dan nul."))
        if component.code in weights:
            raise DistributionError(_("Elke statistiek mag maar één keer in de sleutel staan."))
        weights[component.code] = Fraction(component.weight)
    total = sum(weights.values())
    return {code: weight / total for code, weight in weights.items()}


def _check_amounts(*, envelope, unit, floor, cap, count):
    if count == 0:
        raise DistributionError(_("Er is geen enkele gemeente om het budget over te verdelen."))
    if envelope <= 0:
        raise DistributionError(_("Het budget moet groter zijn dan nul."))
    if unit not in (Decimal("1"), Decimal("0.01")):
        raise DistributionError(_("Rond af op hele euro of op cent."))
    for amount in (envelope, floor, cap):
        if amount is not None and Decimal(amount) % unit:
            raise DistributionError(_("Budget, minimum en maximum moeten veelvouden zijn van de afronding."))
    if floor is not None and cap is not None and Decimal(floor) > Decimal(cap):
        raise DistributionError(_("Het minimum is groter dan het maximum."))
    if floor is not None and Decimal(floor) * count > envelope:
        raise DistributionError(
            _("Het minimum maal het aantal gemeenten (%(count)s) is meer dan het budget.") % {"count": count}
        )
    if cap is not None and Decimal(cap) * count < envelope:
        raise DistributionError(
            _("Het maximum maal het aantal gemeenten (%(count)s) is minder dan het budget.") % {"count": count}
        )


def _fraction(amount):
    return None if amount is None else Fraction(Decimal(amount))


def _clamp(value, floor, cap):
    if floor is not None and value < floor:
        return floor
    if cap is not None and value > cap:
        return cap
    return value


def _exact_amounts(shares, envelope, floor, cap):
    """Find λ so that Σ clamp(λ × score) = envelope; the total is non-decreasing in λ, piecewise linear."""

    def total(lam):
        return sum((_clamp(lam * share.score, floor, cap) for share in shares), Fraction(0))

    breakpoints = sorted(
        {bound / share.score for share in shares if share.score for bound in (floor, cap) if bound is not None}
    )
    # The first breakpoint at which the total reaches the envelope ends the segment that holds λ.
    index = bisect.bisect_left(breakpoints, True, key=lambda lam: total(lam) >= envelope)
    low = breakpoints[index - 1] if index > 0 else Fraction(0)
    high = breakpoints[index] if index < len(breakpoints) else None
    middle = low + 1 if high is None else (low + high) / 2
    fixed = Fraction(0)
    slope = Fraction(0)
    for share in shares:
        if _clamp(middle * share.score, floor, cap) == middle * share.score:
            slope += share.score
        else:
            fixed += _clamp(middle * share.score, floor, cap)
    lam = high if slope == 0 else (envelope - fixed) / slope
    for share in shares:
        value = lam * share.score
        share.exact = _clamp(value, floor, cap)
        if share.exact != value:
            share.bound = "floor" if floor is not None and share.exact == floor else "cap"


def _round_largest_remainder(shares, envelope, unit):
    unit_fraction = Fraction(unit)
    units = {}
    remainders = {}
    for share in shares:
        whole, rest = divmod(share.exact, unit_fraction)
        units[share.nis_code] = int(whole)
        remainders[share.nis_code] = rest
    left_over = int(Fraction(envelope) / unit_fraction) - sum(units.values())
    order = sorted(shares, key=lambda share: (-remainders[share.nis_code], -share.score, share.nis_code))
    for share in order[:left_over]:
        units[share.nis_code] += 1
        share.remainder_unit = True
    for share in shares:
        share.amount = (Decimal(units[share.nis_code]) * unit).quantize(unit)


def _fraction_text(value, places):
    quantum = Decimal(1).scaleb(-places)
    return str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum))
