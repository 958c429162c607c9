"""Second-order structure: ``allies_in_common``, ``enemies_in_common``, ``ally_of_enemy``.

Each state's friends are its first-order ties that draw states together,
``F = max(pact, cobelligerence)``, and its enemies the ties that pull them apart,
``E = max(antagonism, rivalry)``, all in [0, 1]. Over every third state ``k``:

- ``allies_in_common``: ``Σ_k F_ik F_jk`` (triadic closure: friends of a friend);
- ``enemies_in_common``: ``Σ_k E_ik E_jk`` (balance: the enemy of my enemy);
- ``ally_of_enemy``: ``½ Σ_k (F_ik E_jk + E_ik F_jk)`` (balance: the friend of my
  enemy), which is enmity and enters scores with a minus sign.

Each sum saturates at its scale (``allies_scale``, ``enemies_scale``,
``ally_of_enemy_scale``). Every path ``i - k - j`` is credited to the records behind
its two ties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from .._types import FloatArray, IntArray
from ..compile import CompiledWorld
from ._base import PairRows, Signal, covered_days, finished_pairs, row_credit, saturate
from .conflict import ANTAGONISM, COBELLIGERENCE, RIVALRY
from .pact import PACT

if TYPE_CHECKING:
    from ..config import ScoringConfig

__all__ = ["ALLIES_IN_COMMON", "ALLY_OF_ENEMY", "ENEMIES_IN_COMMON", "DerivedSignal"]

Tie = Literal["friend", "enemy"]
_COMPONENTS: dict[Tie, tuple[Signal, ...]] = {
    "friend": (PACT, COBELLIGERENCE),
    "enemy": (ANTAGONISM, RIVALRY),
}


@dataclass(frozen=True, slots=True)
class DerivedSignal:
    """A signal computed from the friend and enemy ties of every third state.

    Attributes
    ----------
    name, summary : str
        As for :class:`Signal`.
    paths : tuple of (tie, tie)
        The kinds of tie ``(i - k, k - j)`` whose products are summed over ``k``.
    scale : callable
        ``config -> float``: the sum at which the signal reaches ``1 - 1/e``.
    kinds : tuple of str
        Record kinds it reads.
    sign : {1, -1}
        As for :class:`Signal`.
    """

    name: str
    summary: str
    paths: tuple[tuple[Tie, Tie], ...]
    scale: Callable[[ScoringConfig], float]
    kinds: tuple[str, ...]
    sign: int = 1

    def ties(
        self, cw: CompiledWorld, days: IntArray, config: ScoringConfig
    ) -> dict[Tie, tuple[FloatArray, list[tuple[Signal, PairRows]]]]:
        """Return the ``(T, N, N)`` friend and enemy matrices, and their components' rows."""
        out: dict[Tie, tuple[FloatArray, list[tuple[Signal, PairRows]]]] = {}
        needed = {t for path in self.paths for t in path}
        for tie in sorted(needed):
            m = np.zeros((days.size, cw.n_states, cw.n_states))
            parts: list[tuple[Signal, PairRows]] = []
            for sig in _COMPONENTS[tie]:
                live = covered_days(cw, sig.kinds, days)
                if not live.any():
                    continue
                values, rows = finished_pairs(sig, cw, days, config)
                m = np.maximum(m, values * live[:, None, None])
                parts.append((sig, rows))
            out[tie] = (m, parts)
        return out

    def matrices(self, cw: CompiledWorld, days: IntArray, config: ScoringConfig) -> FloatArray:
        """Return ``(T, N, N)`` values in [0, 1], symmetric, 0 on the diagonal."""
        ties = self.ties(cw, days, config)
        total = np.zeros((days.size, cw.n_states, cw.n_states))
        for x, y in self.paths:
            total += ties[x][0] @ ties[y][0]  # Σ_k X_ik Y_kj; the diagonals of X, Y are 0
        total = 0.5 * (total + np.swapaxes(total, -1, -2))
        idx = np.arange(cw.n_states)
        total[:, idx, idx] = 0.0
        return saturate(total, self.scale(config))

    def credit(
        self, cw: CompiledWorld, days: IntArray, config: ScoringConfig, a: int, b: int
    ) -> list[tuple[tuple[int, int], IntArray, FloatArray]]:
        """Credit the paths ``a - k - b`` at the single date ``days`` to their records.

        Returns ``(pair of state indices, records, credit)`` parts: each path's product
        is split in two, half to the records behind each of its ties, in proportion to
        their row values.
        """
        ties = self.ties(cw, days, config)
        parts: list[tuple[tuple[int, int], IntArray, FloatArray]] = []
        for x, y in self.paths:
            # Σ_k X_ak Y_kb, and for mixed paths also Σ_k X_bk Y_ka (= Y_ak X_kb)
            for first, second, u, v in ((x, y, a, b), (x, y, b, a)) if x != y else ((x, y, a, b),):
                prod = ties[first][0][0, u, :] * ties[second][0][0, :, v]
                for k in np.nonzero(prod > 0)[0].tolist():
                    for tie, end in ((first, u), (second, v)):
                        recs, raw = _tie_credit(ties[tie][1], end, k)
                        total = raw.sum()
                        if total > 0:
                            # shares first: a tiny total (a record weighing 1e-308)
                            # would overflow prod / total
                            parts.append(((end, k), recs, (raw / total) * (0.5 * prod[k])))
        return parts


def _tie_credit(
    parts: list[tuple[Signal, PairRows]], a: int, k: int
) -> tuple[IntArray, FloatArray]:
    """Return the records behind the tie ``a - k`` at the one date scored, per component."""
    recs, credit = [], []
    for sig, rows in parts:
        r, c = row_credit(sig, rows, 0, a, k)
        recs.append(r)
        credit.append(c)
    return np.concatenate(recs), np.concatenate(credit)


ALLIES_IN_COMMON = DerivedSignal(
    name="allies_in_common",
    summary="friends in common: Σ_k F_ik F_jk over third states, saturating",
    paths=(("friend", "friend"),),
    scale=lambda c: c.allies_scale,
    kinds=("pacts", "conflicts"),
)

ENEMIES_IN_COMMON = DerivedSignal(
    name="enemies_in_common",
    summary="enemies in common: Σ_k E_ik E_jk over third states, saturating",
    paths=(("enemy", "enemy"),),
    scale=lambda c: c.enemies_scale,
    kinds=("conflicts", "rivalries"),
)

ALLY_OF_ENEMY = DerivedSignal(
    name="ally_of_enemy",
    summary="one is the friend of the other's enemy: Σ_k F_ik E_jk + E_ik F_jk (enmity)",
    paths=(("friend", "enemy"),),
    scale=lambda c: c.ally_of_enemy_scale,
    kinds=("conflicts", "rivalries"),
    sign=-1,
)
