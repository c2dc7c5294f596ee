"""The rounding rule of the distribution key: amounts add up to the envelope exactly, none off by a unit."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from einclusie.subsidies.distribution import Component, DistributionError, distribute

INHABITANTS = [Component("inhabitants", Decimal("1"))]


def population(*numbers):
    return {f"{10000 + index}": {"inhabitants": Decimal(number)} for index, number in enumerate(numbers)}


def test_equal_municipalities_share_the_left_over_euro_by_nis_code():
    shares, _totals, _weights = distribute(values=population(1, 1, 1), components=INHABITANTS, envelope=100)
    assert [share.amount for share in shares] == [Decimal(34), Decimal(33), Decimal(33)]
    assert [share.remainder_unit for share in shares] == [True, False, False]


def test_the_largest_remainder_gets_the_left_over_euro_before_a_lower_nis_code():
    # Exact amounts 2.5, 3.75 and 3.75 of 10: floors 2, 3, 3 leave 2 euro for the two .75 remainders.
    shares, *_ = distribute(values=population(2, 3, 3), components=INHABITANTS, envelope=10)
    assert [share.amount for share in shares] == [Decimal(2), Decimal(4), Decimal(4)]


@pytest.mark.parametrize("unit", [Decimal("1"), Decimal("0.01")])
def test_random_keys_add_up_to_the_envelope_and_stay_within_one_unit(unit):
    generator = random.Random(2022)
    for _ in range(25):
        values = {
            f"{10000 + index}": {
                "inhabitants": Decimal(generator.randint(80, 550000)),
                "elderly": Decimal(generator.randint(0, 90000)),
            }
            for index in range(generator.randint(1, 320))
        }
        envelope = Decimal(generator.randint(1000, 30_000_000)) * unit / unit
        components = [Component("inhabitants", Decimal("0.7")), Component("elderly", Decimal("0.3"))]
        shares, *_ = distribute(values=values, components=components, envelope=envelope, unit=unit)
        assert sum(share.amount for share in shares) == envelope
        for share in shares:
            assert abs(Fraction(share.amount) - share.exact) < Fraction(unit)
            assert share.amount == share.amount.quantize(unit)


def test_weights_are_normalised_so_their_scale_does_not_matter():
    values = {"11001": {"a": Decimal(10), "b": Decimal(1)}, "11002": {"a": Decimal(30), "b": Decimal(3)}}
    small, *_ = distribute(
        values=values, components=[Component("a", Decimal(1)), Component("b", Decimal(1))], envelope=1000
    )
    large, *_ = distribute(
        values=values, components=[Component("a", Decimal(50)), Component("b", Decimal(50))], envelope=1000
    )
    assert [share.amount for share in small] == [share.amount for share in large] == [Decimal(250), Decimal(750)]


def test_a_floor_lifts_small_municipalities_and_the_others_pay_for_it():
    values = population(100, 1000, 8900)
    shares, *_ = distribute(values=values, components=INHABITANTS, envelope=10000, floor=Decimal(500))
    amounts = [share.amount for share in shares]
    assert amounts[0] == 500
    assert shares[0].bound == "floor"
    assert sum(amounts) == 10000
    # The others keep their proportion to each other: 1000 : 8900 of the remaining 9500.
    assert amounts[1:] == [Decimal(960), Decimal(8540)]


def test_a_cap_holds_the_largest_municipality_and_the_others_share_the_rest():
    shares, *_ = distribute(
        values=population(100, 100, 9800), components=INHABITANTS, envelope=10000, cap=Decimal(5000)
    )
    assert [share.amount for share in shares] == [Decimal(2500), Decimal(2500), Decimal(5000)]
    assert shares[2].bound == "cap"


def test_floor_and_cap_together_still_add_up_exactly():
    generator = random.Random(7)
    values = {f"{20000 + index}": {"inhabitants": Decimal(generator.randint(100, 500000))} for index in range(300)}
    shares, *_ = distribute(
        values=values, components=INHABITANTS, envelope=Decimal(23125000), floor=Decimal(20000), cap=Decimal(900000)
    )
    amounts = [share.amount for share in shares]
    assert sum(amounts) == 23125000
    assert min(amounts) >= 20000
    assert max(amounts) <= 900000


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"floor": Decimal(400)}, r"Het minimum maal het aantal gemeenten \(3\)"),
        ({"cap": Decimal(300)}, r"Het maximum maal het aantal gemeenten \(3\)"),
        ({"floor": Decimal(300), "cap": Decimal(200)}, "Het minimum is groter dan het maximum"),
        ({"envelope": Decimal(0)}, "Het budget moet groter zijn dan nul"),
        ({"envelope": Decimal("1000.50")}, "veelvouden"),
        ({"components": []}, "minstens één onderdeel"),
        ({"components": [Component("inhabitants", Decimal(0))]}, "groter zijn dan nul"),
    ],
)
def test_an_impossible_key_says_why(arguments, message):
    options = {"values": population(1, 2, 3), "components": INHABITANTS, "envelope": Decimal(1000), **arguments}
    with pytest.raises(DistributionError, match=message):
        distribute(**options)


def test_the_explanation_shows_each_step():
    shares, totals, weights = distribute(values=population(1, 3), components=INHABITANTS, envelope=1001)
    explanation = shares[0].explanation(totals, weights)
    assert explanation["components"][0]["share"] == "0.25000000"
    assert explanation["exact"] == "250.2500"
    assert shares[0].amount == 250
    assert shares[1].amount == 751
