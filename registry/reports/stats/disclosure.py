"""Cell suppression for count tables with totals: primary (< 16) and complementary suppression.

Rules (methods-and-standards §3.6): counts below 16 are suppressed (State Cancer Profiles / USCS); a suppressed
cell must not be derivable from the published cells and totals (complementary suppression, as the CMS cell-size
policy requires for its small cells).

Model: a 1-D table is cells ``x_1..x_n`` plus total ``T`` with ``Σ x_i - T = 0``; a 2-D table is the interior,
the row totals, the column totals and the grand total, with one additivity equation per row and per column
(totals included). Knowing every published value, a suppressed cell is exactly derivable iff its unit vector lies
in the row space of the equations restricted to the suppressed cells, i.e. iff every null-space vector of that
restricted matrix is zero in its coordinate. Zero counts are published and never used as complements, so every
suppressed value is at least 1: the true table is then strictly inside the non-negativity bounds, and a cell that
linear algebra cannot pin cannot be pinned with ``x ≥ 0`` either.

Complementary (secondary) suppression, repeated while some suppressed cell is derivable: in a 1-D table suppress
the smallest other published cell (the total included); in a 2-D table, where (after negating the totals) a cell
is underivable exactly when it lies on a cycle of suppressed cells alternating between rows and columns, suppress
the published cells of the cheapest row-column path that closes such a cycle (cost = their counts, so the
smallest other cells are taken). The derivability test itself is the linear-algebra one above.
"""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SUPPRESS_BELOW = 16
_TOL = 1e-9


@dataclass(frozen=True)
class Protected:
    """A protected table: ``values`` (with totals), ``suppressed`` mask of the same shape, ``primary`` mask."""

    values: np.ndarray
    suppressed: np.ndarray
    primary: np.ndarray

    @property
    def published(self) -> np.ndarray:
        """Values as float with NaN where suppressed."""
        return np.where(self.suppressed, np.nan, self.values.astype(float))


def with_totals(counts: npt.ArrayLike) -> np.ndarray:
    """Append totals: ``[x..., T]`` for 1-D, an extra total row and column for 2-D."""
    x = np.asarray(counts)
    if x.ndim == 1:
        return np.append(x, x.sum())
    if x.ndim == 2:
        full = np.zeros((x.shape[0] + 1, x.shape[1] + 1), dtype=x.dtype)
        full[:-1, :-1] = x
        full[:-1, -1] = x.sum(axis=1)
        full[-1, :-1] = x.sum(axis=0)
        full[-1, -1] = x.sum()
        return full
    raise ValueError("only 1-D and 2-D tables can be protected")


def margin_mask(shape: tuple[int, ...]) -> np.ndarray:
    """True on the total cells of a table with totals (last element, or last row and last column)."""
    margin = np.zeros(shape, dtype=bool)
    if len(shape) == 1:
        margin[-1] = True
    else:
        margin[-1, :], margin[:, -1] = True, True
    return margin


def additivity(shape: tuple[int, ...]) -> np.ndarray:
    """Equations (rows) over the flattened cells of a table *with* totals (last element / row / column)."""
    if len(shape) == 1:
        eq = np.ones((1, shape[0]))
        eq[0, -1] = -1
        return eq
    rows, cols = shape
    eqs = []
    for i in range(rows):
        e = np.zeros(shape)
        e[i, :-1], e[i, -1] = 1, -1
        eqs.append(e.ravel())
    for j in range(cols):
        e = np.zeros(shape)
        e[:-1, j], e[-1, j] = 1, -1
        eqs.append(e.ravel())
    return np.array(eqs)


def derivable(equations: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
    """Mask over all cells: True for a suppressed cell whose value follows from the published ones.

    A cell is derivable iff its unit vector lies in the row space of the equations restricted to the suppressed
    cells, i.e. iff the orthogonal projection of that unit vector onto the row space has length 1 (its row in an
    orthonormal row-space basis has norm 1, equivalently its null-space row is zero). The basis comes from an
    economy SVD (cost O(m² n) rather than the O(n³) of a full null-space basis), rank cut-off as scipy's
    ``null_space`` (``max(m, n) · eps · s_max``).
    """
    out = np.zeros(suppressed.size, dtype=bool)
    idx = np.flatnonzero(suppressed)
    if idx.size == 0:
        return out
    sub = equations[:, idx]
    sub = sub[np.any(sub != 0, axis=1)]
    if sub.shape[0] == 0:
        return out
    _, sing, vt = np.linalg.svd(sub, full_matrices=False)
    rank = int(np.sum(sing > max(sub.shape) * np.finfo(float).eps * sing.max()))
    in_row_space = np.sum(vt[:rank] ** 2, axis=0)
    out[idx] = 1.0 - in_row_space < _TOL
    return out


def _cheapest_path(values: np.ndarray, usable: np.ndarray, suppressed: np.ndarray, cell: tuple[int, int]) -> list:
    """Cells (other than ``cell``) on the cheapest row-column path joining ``cell``'s row and column.

    Nodes are the lines of the table, cells are edges; an already suppressed cell costs 0 and an open cell its
    value, so the cycle closed through ``cell`` adds the smallest possible published counts.
    """
    rows = values.shape[0]
    start, goal = cell[0], rows + cell[1]
    best = {start: 0.0}
    back: dict[int, tuple[int, tuple[int, int]]] = {}
    heap = [(0.0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            break
        if cost > best.get(node, np.inf):
            continue
        line = values[node] if node < rows else values[:, node - rows]
        for k in range(line.size):
            edge = (node, k) if node < rows else (k, node - rows)
            if edge == cell or not (suppressed[edge] or usable[edge]):
                continue
            nxt = rows + k if node < rows else k
            step = cost + (0.0 if suppressed[edge] else float(values[edge]))
            if step < best.get(nxt, np.inf):
                best[nxt], back[nxt] = step, (node, edge)
                heapq.heappush(heap, (step, nxt))
    if goal not in back:
        raise RuntimeError("no complementary cells can protect this table")
    path, node = [], goal
    while node != start:
        node, edge = back[node]
        path.append(edge)
    return [edge for edge in path if not suppressed[edge]]


def _complement(values: np.ndarray, suppressed: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    equations = additivity(values.shape)
    sup = suppressed.copy()
    while True:
        exposed = np.flatnonzero(derivable(equations, sup.ravel()))
        if exposed.size == 0:
            return sup
        usable = ~sup & ~fixed & (values > 0)
        if values.ndim == 1:
            if not usable.any():
                raise RuntimeError("no complementary cells can protect this table")
            open_cells = np.flatnonzero(usable)
            sup[open_cells[np.argmin(values[open_cells])]] = True
            continue
        cell = tuple(int(v) for v in np.unravel_index(exposed[0], values.shape))
        for edge in _cheapest_path(values, usable, sup, cell):
            sup[edge] = True


def protect(
    table: npt.ArrayLike,
    *,
    threshold: int = SUPPRESS_BELOW,
    fixed: npt.ArrayLike | None = None,
) -> Protected:
    """Protect a table that already carries its totals (see :func:`with_totals`).

    ``fixed``: optional mask of cells known to the public whatever we do (e.g. structural zeros); they are never
    suppressed. Returns the suppression mask; no published count is in ``1..threshold-1`` and no suppressed cell
    is derivable from the published cells.

    The masks are a pure function of the counts, ``fixed`` and ``threshold``, so they are remembered for the last
    tables seen (:func:`_masks`): a report opened again on unchanged counts skips the SVD loop.
    """
    values = np.asarray(table)
    if values.ndim not in (1, 2):
        raise ValueError("only 1-D and 2-D tables can be protected")
    if np.any(values < 0):
        raise ValueError("counts must not be negative")
    fix = np.zeros(values.shape, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    if values.dtype.kind in "iu":  # integer counts: a byte-exact key
        key = np.ascontiguousarray(values, dtype=np.int64)
        suppressed, primary = _masks(key.tobytes(), np.ascontiguousarray(fix).tobytes(), values.shape, threshold)
        return Protected(values=values, suppressed=suppressed.copy(), primary=primary.copy())
    primary = (values > 0) & (values < threshold) & ~fix
    return Protected(values=values, suppressed=_complement(values, primary, fix), primary=primary)


@functools.lru_cache(maxsize=512)
def _masks(counts: bytes, fixed: bytes, shape: tuple[int, ...], threshold: int) -> tuple[np.ndarray, np.ndarray]:
    """(suppressed, primary) of one integer table: the work of :func:`protect`, cached (thread-safe; a few KB each;
    callers get copies, the cached arrays are read-only)."""
    values = np.frombuffer(counts, dtype=np.int64).reshape(shape)
    fix = np.frombuffer(fixed, dtype=bool).reshape(shape)
    primary = (values > 0) & (values < threshold) & ~fix
    suppressed = _complement(values, primary, fix)
    suppressed.setflags(write=False)
    primary.setflags(write=False)
    return suppressed, primary


def suppress_counts(counts: npt.ArrayLike, *, threshold: int = SUPPRESS_BELOW) -> Protected:
    """Add totals to a 1-D or 2-D count table and protect it (:func:`with_totals` then :func:`protect`)."""
    return protect(with_totals(counts), threshold=threshold)
