"""The book's colours: the same two for hits and flops everywhere, one ordered palette for the decades.

Introduced in *The data tour*, through :mod:`hitlib.plotting`, which hands them to the chapters' figures.
They live in this small module, which imports no plotting library, so that the web app, which needs the
two class colours and nothing else of plotly or matplotlib, can read them from the same place.
"""

from __future__ import annotations

from hitlib.features import DECADES

# Okabe–Ito vermillion and blue: told apart by colour-blind readers
HIT_COLORS: dict[str, str] = {"hit": "#D55E00", "flop": "#0072B2"}
# viridis sampled at six points: ordered, readable in grey and by colour-blind readers
DECADE_COLORS: dict[int, str] = dict(
    zip(DECADES, ["#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"], strict=True)
)
