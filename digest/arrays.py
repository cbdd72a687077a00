"""numpy, loaded single-threaded, and the array types the pipeline uses.

Every module imports numpy from here. The matrices are small (sentences x words of one
article): BLAS threads only spin, and steal the cores that worker processes need. The limits
must be in the environment before numpy is first imported; a user's own setting wins.
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]

__all__ = ["np", "npt", "IntArray", "BoolArray", "FloatArray", "Matrix", "Vector", "distinct"]


def distinct(values: IntArray) -> IntArray:
    """The sorted distinct values, as `np.unique(values)` gives them, without its first-use cost:
    numpy 2's plain `unique` asks `np.ma.is_masked`, which imports the masked-array package
    (about 45 million instructions, 3 % of a one-page run)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]
