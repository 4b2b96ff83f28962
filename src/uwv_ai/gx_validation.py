"""Run Great Expectations suites on pandas frames and report failures in one line each.

GX's SQL datasource returns nothing through duckdb-engine (it closes the connection before
fetching), so every frame is read by us (CSV, or a read-only DuckDB connection) and handed
to GX's pandas datasource. Data Docs are written under the given directory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# Turns one failed expectation into messages; given the frame and GX's result dict.
Describe = Callable[[pd.DataFrame, dict], list[str]]


@dataclass
class Check:
    """One expectation and how to word its failure."""

    expectation: object
    describe: Describe


@dataclass
class Suite:
    """The expectations for one frame (a seed file or a mart)."""

    name: str
    frame: pd.DataFrame
    checks: list[Check] = field(default_factory=list)


def run_suites(suites: list[Suite], docs_dir: Path) -> list[str]:
    """Validate every suite; return the failure messages and write Data Docs to docs_dir."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX sets some of its loggers to INFO (e.g. for its temporary docs directory); our own
    # messages are the report.
    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)

    docs_dir.mkdir(parents=True, exist_ok=True)
    # An in-memory context: a file-backed one rewrites its YAML on every change (~16 s for
    # our seeds instead of ~2 s). Only the Data Docs site is written to disk.
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # The ephemeral context comes with a site in a temporary directory: point it at ours.
    context.update_data_docs_site(
        site_name="local_site",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    source = context.data_sources.add_pandas("uwv_ai")
    problems: list[str] = []
    for suite in suites:
        gx_suite = context.suites.add(
            gx.ExpectationSuite(
                name=suite.name, expectations=[check.expectation for check in suite.checks]
            )
        )
        asset = source.add_dataframe_asset(suite.name)
        batch = asset.add_batch_definition_whole_dataframe(f"{suite.name}_all")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
        )
        result = definition.run(
            batch_parameters={"dataframe": suite.frame}, result_format="COMPLETE"
        )
        for check, outcome in zip(suite.checks, _in_suite_order(gx_suite, result), strict=True):
            if not outcome.success:
                problems.extend(check.describe(suite.frame, outcome.result))
    context.build_data_docs()
    return list(dict.fromkeys(problems))


def _in_suite_order(gx_suite, result) -> list:
    """The validation results in the order of the suite's expectations (= our checks)."""
    by_id = {outcome.expectation_config.id: outcome for outcome in result.results}
    return [by_id[expectation.id] for expectation in gx_suite.expectations]
