"""Small counts are hidden, and no hidden cell can be computed back from what is published."""

import random
from fractions import Fraction

import pytest

from einclusie.monitoring.disclosure import Table, suppress


def pinned_down(table):
    """Solve the published equations for the hidden cells (exact Gaussian elimination over fractions) and
    return the hidden cells whose value follows from them: an attacker's view of the table."""
    hidden = sorted(table.hidden, key=str)
    index = {key: i for i, key in enumerate(hidden)}
    rows = []
    for members, total in table.lines:
        row = [Fraction(0)] * len(hidden)
        for key in members:
            if key in index:
                row[index[key]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            rows.append(row)
    # reduced row echelon form
    pivot_columns, r = [], 0
    for column in range(len(hidden)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [value / rows[r][column] for value in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][column] != 0:
                factor = rows[i][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivot_columns.append(column)
        r += 1
    return {hidden[c] for row, c in zip(rows, pivot_columns, strict=False) if sum(1 for v in row if v != 0) == 1}


def bounds_are_open(table):
    """Each hidden cell can move by one up and down along a cycle of hidden cells and stay non-negative."""
    return all(table.cells[key] >= 1 for key in table.hidden)


def random_table(seed, rows=8, columns=6, groups=True):
    rng = random.Random(seed)
    values = {}
    for row in range(rows):
        for column in range(columns):
            kind = rng.random()
            values[(row, column)] = 0 if kind < 0.2 else rng.randint(1, 4) if kind < 0.45 else rng.randint(5, 60)
    province_groups = {"a": list(range(rows // 2)), "b": list(range(rows // 2, rows))} if groups else None
    return Table(range(rows), range(columns), values, groups=province_groups)


def test_counts_from_one_to_four_are_hidden_and_zero_is_shown():
    table = Table(["gent", "aalst"], ["jan", "feb"], {("gent", "jan"): 3, ("gent", "feb"): 40, ("aalst", "jan"): 0})
    assert table.value("gent", "jan") is None
    assert table.value("aalst", "jan") == 0


def test_a_single_small_cell_in_a_row_gets_a_partner_so_the_total_does_not_give_it_away():
    table = Table(
        ["gent", "aalst"],
        ["jan", "feb"],
        {("gent", "jan"): 3, ("gent", "feb"): 40, ("aalst", "jan"): 25, ("aalst", "feb"): 30},
    )
    assert table.row_total("gent") is not None
    assert table.value("gent", "feb") is None  # the complement in the row
    assert not pinned_down(table)


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_cell_can_be_solved_from_the_published_totals(seed):
    table = random_table(seed)
    assert table.hidden, "the random table has small counts"
    assert not pinned_down(table), "some hidden cells follow from the published rows, columns and provinces"
    assert bounds_are_open(table)


def test_a_bridge_between_two_groups_of_hidden_cells_is_protected_as_well():
    # Two blocks of small cells joined by one row: the degree rule alone leaves the joining cell solvable.
    values = {}
    for row in range(4):
        for column in range(4):
            values[(row, column)] = 50
    values.update({(0, 0): 2, (0, 1): 2, (1, 0): 2, (1, 1): 2, (2, 2): 3, (2, 3): 3, (3, 2): 3, (3, 3): 3})
    values[(1, 2)] = 2
    table = Table(range(4), range(4), values)
    assert not pinned_down(table)


def test_suppress_works_on_any_lines():
    cells = {"a": 2, "b": 10, "c": 12, "total": 24}
    hidden = suppress(cells, [(["a", "b", "c"], "total")])
    assert hidden == {"a", "b"}
