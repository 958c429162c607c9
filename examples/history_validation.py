"""Reproduce the held-out validation table of docs/validation.md, then use the model.

Usage: python examples/history_validation.py [DATA_DIR]
(DATA_DIR holds the ATOP and COW folders; see docs/data.md. Without it, the data sets are
downloaded once into the cache folder and read from there: alliance_risk.datasets.fetch,
with the fetch extra installed.)

It fits the history model on disputes before 1946 and tests it from 1946, and the
reverse, against Signorino-Ritter S, kappa, pi, tau-b, the strongest pact and the default
score on the same rows; then it asks the shipped model how likely some pairs of 1962
were to stand together in a dispute.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alliance_risk import score_dyads
from alliance_risk.calibrate import load_model, validate_history
from alliance_risk.datasets import cache_folder, fetch_all, history_world


def main(data: Path) -> None:
    print(validate_history(data, n_boot=200, seed=0).to_markdown())
    world = history_world(data)
    model = load_model("history")
    scores = score_dyads(world, "1962-12-31", model)
    for a, b in (("USA", "UKG"), ("USA", "RUS"), ("USA", "SWZ"), ("RUS", "CHN")):
        print(
            f"{a}-{b} on 1962-12-31: score {scores.score(a, b):+.3f}, "
            f"P(same side in a dispute) {scores.probability(a, b):.2f}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit(__doc__)
    if len(sys.argv) == 1:
        print(
            f"No DATA_DIR given: reading every data set from {cache_folder()}, downloading "
            "what is not there yet (alliance_risk.datasets.fetch)",
            file=sys.stderr,
        )
    main(Path(sys.argv[1]) if len(sys.argv) == 2 else fetch_all())
