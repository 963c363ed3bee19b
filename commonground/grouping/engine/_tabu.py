"""The bookkeeping every tabu search in the engine shares (compiled; see ``_kernels``).

Each search scans its moves for the best gain. A move is *tabu* while it would undo a recent
one (the tabu list holds, per person and place, the iteration until which returning there is
barred); a tabu move is still allowed when it would beat the best value found so far
(aspiration). Among equally good moves one is kept at random, each with the same chance
(reservoir sampling over the ties). After the move the searches record the new value and
either a new best or one more iteration without one (the stall count that triggers a
perturbation).
"""

from __future__ import annotations

from commonground.grouping.engine._kernels import EPS, FArr, IArr, UArr, jit_inline, rand_below


@jit_inline
def admit(
    gain: float,
    best_gain: float,
    ties: int,
    tabu_hit: bool,
    cur: float,
    best: float,
    rng: UArr,
) -> tuple[bool, float, int]:
    """Whether to take a candidate move over the best one seen so far in this scan.

    The caller has already skipped moves worse than ``best_gain``. ``tabu_hit`` says the move
    is on the tabu list; it is allowed only if ``cur + gain`` beats ``best``. Returns (take it,
    the best gain, the number of moves tied at it).
    """
    if tabu_hit and cur + gain <= best + EPS:
        return False, best_gain, ties
    if gain > best_gain + EPS:
        return True, gain, 1
    ties += 1
    return rand_below(rng, ties) == 0, best_gain, ties


@jit_inline
def tenure(it: int, tenure_min: int, tenure_span: int, rng: UArr) -> int:
    """The iteration until which a move stays tabu: a random tenure from ``it``."""
    return it + tenure_min + rand_below(rng, tenure_span + 1)


@jit_inline
def record(gain: float, state: FArr, istate: IArr) -> bool:
    """Add a move's gain to the current value (``state[0]``); True when it is a new best.

    A new best goes to ``state[1]`` and restarts the stall count ``istate[1]``; otherwise the
    stall count grows. The caller keeps a copy of the grouping when this returns True.
    """
    cur = state[0] + gain
    state[0] = cur
    if cur > state[1] + EPS:
        state[1] = cur
        istate[1] = 0
        return True
    istate[1] += 1
    return False
