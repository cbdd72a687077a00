"""Small learned decisions of the page parser: logistic models over named binary features.

Where the hand rules have no unambiguous cue (a dateline, a byline, a jump marker), a reader weighs
many weak ones: is a short head-shaped line a heading or the first half of a sentence broken by a
column? Each such question is a model here: a bias and a weight per feature name, trained on the
development pages by `benchmarks/train_layout.py` and shipped as `digest/data/layout.json`. The
features are computed beside the rules that use them (`roles.fragment_features`); at run time a
decision is a sum of a few weights, no numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "layout.json"
BIAS = "bias"

_models: dict[str, dict[str, float]] | None = None


def models() -> dict[str, dict[str, float]]:
    """Every model's weights by feature name, read once."""
    global _models
    if _models is None:
        try:
            raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raw = {}
        _models = {name: {str(k): float(v) for k, v in w.items()} for name, w in raw.get("models", {}).items()}
    return _models


def use(weights: dict[str, dict[str, float]] | None) -> None:
    """Replace the shipped weights (training and cross-validation); None reads the file again."""
    global _models
    _models = weights


def probability(model: str, features: Iterable[str]) -> float | None:
    """P(yes) of a model for the features, or None when the model is not there."""
    w = models().get(model)
    if w is None:
        return None
    z = w.get(BIAS, 0.0) + sum(w.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
