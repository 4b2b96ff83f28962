"""Build the page's plotly.js: only the trace types the charts draw, minified, as a module.

The `plotly` Python package ships one plotly.js, the full bundle (4.8 MB minified), and every
page would carry it. plotly.js is modular: its core always has `scatter`, and a bundle adds
the trace modules it registers. The report draws bar, pie, heatmap and scatter traces, so this
builds plotly.js with exactly those: the same source and version the installed `plotly` package
carries, taken from the npm registry's `plotly.js` package, bundled with esbuild as plotly.js
builds its own partial bundles. Its core also leaves out the components for what the charts
never have (3D annotations, layout images, buttons and sliders, range sliders and selectors):
plotly.js looks components up by name and skips a missing one. That is 1.14 MB, against
1.21 MB with the whole core and 1.50 MB for plotly's smallest published bundle with a heat
map (cartesian). The result is written to `_plotly_bundle.py`, a module, so the package needs
no data files.

Run it when the `plotly` pin moves to a release with another plotly.js (tests/test_report.py
fails until then):

    .venv/bin/python -m uwv_ai.report.plotly_build

It needs `node` and `npm` (Debian's `nodejs` and `npm`) and the npm registry; nothing else in
the project does, and the report itself never runs this.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

TRACES = ("bar", "heatmap", "pie", "scatter")
"""The trace types the report's charts use; `scatter` is part of plotly.js's core."""

COMPONENTS_LEFT_OUT = (
    "annotations3d",
    "images",
    "updatemenus",
    "sliders",
    "rangeslider",
    "rangeselector",
)
"""Components of plotly.js's core (src/core.js) for layouts the report never draws."""

ESBUILD = "0.28.2"
"""Pinned so that the same plotly.js version gives the same bundle."""

MODULE = Path(__file__).with_name("_plotly_bundle.py")

_ENTRY = """\
'use strict';
var Plotly = require('../src/core-report');
Plotly.register([{modules}]);
module.exports = Plotly;
"""

# As plotly.js's own esbuild-config.js, minified; its CSS comes from build/plotcss.js, and
# the stylesheets and shaders only the map and WebGL traces import are left out.
_BUILD = """\
const esbuild = require('esbuild');
const [root, entry, outfile, banner] = process.argv.slice(2);
esbuild.build({
    entryPoints: [entry], outfile, bundle: true, minify: true, format: 'iife',
    globalName: 'Plotly', target: 'es2016', legalComments: 'eof', banner: {js: banner},
    nodePaths: [root + '/node_modules'],
    alias: {regl: '@plotly/regl', stream: 'stream-browserify'},
    define: {global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false'},
    loader: {'.css': 'empty', '.glsl': 'text'}, logLevel: 'warning',
}).catch(() => process.exit(1));
"""


def build(version: str) -> str:
    """plotly.js `version` with `TRACES` only, minified."""
    with tempfile.TemporaryDirectory(prefix="plotly-build-") as folder:
        work = Path(folder)
        _npm(work, "pack", f"plotly.js@{version}")
        with tarfile.open(next(work.glob("plotly.js-*.tgz"))) as archive:
            archive.extractall(work, filter="data")
        source = work / "package"
        _npm(source, "install", "--omit=dev", "--ignore-scripts")
        tools = work / "tools"
        tools.mkdir()
        _npm(tools, "install", f"esbuild@{ESBUILD}")
        core = (source / "src" / "core.js").read_text(encoding="utf-8")
        (source / "src" / "core-report.js").write_text(reduced_core(core), encoding="utf-8")
        modules = ", ".join(f"require('./{trace}')" for trace in TRACES if trace != "scatter")
        entry = source / "lib" / "index-report.js"
        entry.write_text(_ENTRY.format(modules=modules), encoding="utf-8")
        (tools / "build.js").write_text(_BUILD, encoding="utf-8")
        output = work / "plotly-report.min.js"
        banner = (
            f"/** plotly.js ({', '.join(TRACES)} - minified) v{version}\n"
            " * Copyright 2012-2026, Plotly, Inc. All rights reserved.\n"
            " * Licensed under the MIT license */"
        )
        subprocess.run(
            ["node", "build.js", str(source), str(entry), str(output), banner],
            cwd=tools,
            check=True,
        )
        return output.read_text(encoding="utf-8")


def reduced_core(core: str) -> str:
    """plotly.js's src/core.js without registering `COMPONENTS_LEFT_OUT`."""
    for component in COMPONENTS_LEFT_OUT:
        line = f"    require('./components/{component}'),\n"
        if line not in core:
            raise ValueError(f"src/core.js no longer registers {component} as expected")
        core = core.replace(line, "")
    return core


def module_text(version: str, script: str) -> str:
    """`_plotly_bundle.py`: the bundle as a raw string, with its version and digest."""
    if '"""' in script or script.endswith("\\"):
        raise ValueError("the bundle cannot be written as a raw triple-quoted string")
    digest = hashlib.sha256(script.encode("utf-8")).hexdigest()
    return (
        f'"""plotly.js {version} with the {", ".join(TRACES)} traces, minified (MIT licence).\n'
        "\n"
        f"Its core without the components {', '.join(COMPONENTS_LEFT_OUT)}.\n"
        "Generated by `python -m uwv_ai.report.plotly_build`; do not edit.\n"
        '"""\n'
        "\n"
        "# ruff: noqa: E501\n"
        "\n"
        f"VERSION = {json.dumps(version)}\n"
        f"TRACES = ({', '.join(json.dumps(trace) for trace in TRACES)})\n"
        f"SHA256 = {json.dumps(digest)}\n"
        f'SCRIPT = r"""{script}"""\n'
    )


def main() -> int:
    version = get_plotlyjs_version()
    MODULE.write_text(module_text(version, build(version)), encoding="utf-8")
    print(f"{MODULE} (plotly.js {version}, {MODULE.stat().st_size:,} bytes)")
    return 0


def _npm(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["npm", *arguments, "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    sys.exit(main())
