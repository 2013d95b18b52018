"""Change between two values of the same thing: relative growth."""

from __future__ import annotations


def growth_share(before: float, after: float) -> float:
    """Relative change from before to after, as a fraction (726 → 1 270 lists: 1 270 / 726 − 1 ≈ 0,75).

    ValueError when `before` is 0 or less (no growth can be computed from it).
    """
    if before <= 0:
        raise ValueError(f"cannot compute growth from {before}")
    return after / before - 1
