"""The figures of the publication this report redraws, in the publication's order."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from uwv_ai.report.model import Chart
from uwv_ai.report.support_figures import figure_4, figure_6, figure_7, figure_12
from uwv_ai.report.use_figures import figure_1, figure_2, figure_3, figure_14

if TYPE_CHECKING:
    import duckdb

FIGURES: tuple[Callable[[duckdb.DuckDBPyConnection], Chart], ...] = (
    figure_1,
    figure_2,
    figure_3,
    figure_4,
    figure_6,
    figure_7,
    figure_12,
    figure_14,
)
"""Figures 5, 8 to 11, 13 and 15 are tables or repeat these numbers; they are not redrawn."""


def build_charts(connection: duckdb.DuckDBPyConnection) -> list[Chart]:
    """Every chart, each queried from the warehouse."""
    return [figure(connection) for figure in FIGURES]
