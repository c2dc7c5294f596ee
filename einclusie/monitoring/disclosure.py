"""Small-cell suppression for everything public or exported.

A table is a set of cells (key -> count) and lines: each line is a group of cells whose sum is published
as another cell of the table (a row with its total, a column with its total, the municipalities of a
province with the province's figure). Totals are cells too, and can be suppressed like any other.

1. Primary suppression: counts from 1 to 4 are hidden (0 is shown: it gives no one away).
2. Complementary suppression: a line with exactly one hidden cell would give it away (total minus the
   rest), so another cell of that line is hidden too: the smallest positive one. Repeated until no line
   has a single hidden cell.
3. A check that solves the published equations exactly (Gaussian elimination modulo a prime over the
   hidden cells): a hidden cell that the equations still pin down (two groups of hidden cells joined by
   one cell) gets a partner hidden in one of its lines, and the check runs again. On very large tables
   the check is skipped above CHECK_LIMIT hidden cells and step 2 alone protects them.

Only positive counts are hidden as complements, so along any cycle of hidden cells each one can move up
and down by one and every cell keeps a range of possible values.
"""

SMALL_MIN, SMALL_MAX = 1, 4
CHECK_LIMIT = 800
PRIME = 2_147_483_647


def is_small(value):
    return value is not None and SMALL_MIN <= value <= SMALL_MAX


def suppress(cells, lines):
    """The set of keys to hide. `cells`: {key: count}; `lines`: [(member keys, total key)]."""
    hidden = {key for key, value in cells.items() if is_small(value)}
    groups = [[*members, total] for members, total in lines]
    by_key = {}
    for index, group in enumerate(groups):
        for key in group:
            by_key.setdefault(key, []).append(index)
    for _round in range(50):
        _complete_lines(cells, groups, hidden)
        if len(hidden) > CHECK_LIMIT:
            break
        pinned = determined(groups, hidden)
        if not pinned:
            break
        for key in sorted(pinned, key=str):
            _hide_partner(cells, groups, by_key, hidden, key)
    return hidden


def _complete_lines(cells, groups, hidden):
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(1 for key in group if key in hidden) == 1:
                partner = _smallest_visible(cells, group, hidden)
                if partner is not None:
                    hidden.add(partner)
                    changed = True


def _smallest_visible(cells, group, hidden):
    candidates = [key for key in group if key not in hidden and cells.get(key, 0) > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda key: (cells[key], str(key)))


def _hide_partner(cells, groups, by_key, hidden, key):
    for index in by_key.get(key, []):
        partner = _smallest_visible(cells, groups[index], hidden)
        if partner is not None:
            hidden.add(partner)
            return


def determined(groups, hidden):
    """The hidden keys the published lines pin down exactly (each line: members minus total = known)."""
    variables = sorted(hidden, key=str)
    position = {key: index for index, key in enumerate(variables)}
    rows = []
    for group in groups:
        *members, total = group
        row = {}
        for key in members:
            if key in position:
                row[position[key]] = (row.get(position[key], 0) + 1) % PRIME
        if total in position:
            row[position[total]] = (row.get(position[total], 0) - 1) % PRIME
        row = {column: value for column, value in row.items() if value}
        if row:
            rows.append(row)
    pivots = {}  # pivot column -> row (normalised, pivot 1)
    for row in rows:
        row = dict(row)
        for column in sorted(row):
            if column in pivots and column in row:
                factor = row[column]
                for other_column, value in pivots[column].items():
                    row[other_column] = (row.get(other_column, 0) - factor * value) % PRIME
                    if not row[other_column]:
                        del row[other_column]
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        row = {column: value * inverse % PRIME for column, value in row.items()}
        for other in pivots.values():
            if pivot in other:
                factor = other[pivot]
                for column, value in row.items():
                    other[column] = (other.get(column, 0) - factor * value) % PRIME
                    if not other[column]:
                        del other[column]
        pivots[pivot] = row
    return {variables[pivot] for pivot, row in pivots.items() if len(row) == 1}


class Table:
    """A rows × columns table of counts with its row totals, column totals and grand total, suppressed.

    `groups` optionally groups rows ({group: [row keys]}) whose sums are published as well (provinces).
    Reading: `table.value(row, column)`, `table.row_total(row)`, `table.column_total(column)`,
    `table.total()`, `table.group_value(group, column)`, `table.group_total(group)`; a hidden cell is None.
    """

    TOTAL = "__total__"

    def __init__(self, rows, columns, values, *, groups=None, protect=True):
        self.rows, self.columns = list(rows), list(columns)
        self.groups = dict(groups or {})
        cells = {(row, column): values.get((row, column), 0) for row in self.rows for column in self.columns}
        lines = []
        for row in self.rows:
            cells[(row, self.TOTAL)] = sum(cells[(row, column)] for column in self.columns)
            lines.append(([(row, column) for column in self.columns], (row, self.TOTAL)))
        for column in [*self.columns, self.TOTAL]:
            cells[(self.TOTAL, column)] = sum(cells[(row, column)] for row in self.rows)
            lines.append(([(row, column) for row in self.rows], (self.TOTAL, column)))
        for group, members in self.groups.items():
            for column in [*self.columns, self.TOTAL]:
                key = (("group", group), column)
                cells[key] = sum(cells[(row, column)] for row in members)
                lines.append(([(row, column) for row in members], key))
            lines.append(([(("group", group), column) for column in self.columns], (("group", group), self.TOTAL)))
        # Lines the ones above imply, listed too so that a hidden cell they pin down can find a partner in them.
        if self.groups:
            for group, members in self.groups.items():
                lines.append(([(row, self.TOTAL) for row in members], (("group", group), self.TOTAL)))
            if sorted(row for members in self.groups.values() for row in members) == sorted(self.rows):
                for column in [*self.columns, self.TOTAL]:
                    lines.append(([(("group", group), column) for group in self.groups], (self.TOTAL, column)))
        self.cells = cells
        self.lines = lines
        self.hidden = suppress(cells, lines) if protect else set()

    def _get(self, key):
        return None if key in self.hidden else self.cells.get(key, 0)

    def value(self, row, column):
        return self._get((row, column))

    def row_total(self, row):
        return self._get((row, self.TOTAL))

    def column_total(self, column):
        return self._get((self.TOTAL, column))

    def total(self):
        return self._get((self.TOTAL, self.TOTAL))

    def group_value(self, group, column):
        return self._get((("group", group), column))

    def group_total(self, group):
        return self._get((("group", group), self.TOTAL))

    def published(self):
        """{key: value or None} of every cell as published."""
        return {key: self._get(key) for key in self.cells}
