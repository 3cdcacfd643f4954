"""The rankings engine (四个50强): plain Python and NumPy, no Django. See `pipeline.compute`."""

from nianbao.rankings.engine.inputs import SchoolInput, scaled_value
from nianbao.rankings.engine.pipeline import (
    Cell,
    IndicatorSummary,
    ListResult,
    SchoolResult,
    compute,
)
from nianbao.rankings.engine.screen import Anomaly, screen

__all__ = [
    "Anomaly",
    "Cell",
    "IndicatorSummary",
    "ListResult",
    "SchoolInput",
    "SchoolResult",
    "compute",
    "scaled_value",
    "screen",
]
