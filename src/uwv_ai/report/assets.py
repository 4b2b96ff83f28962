"""The page's stylesheet and script, kept as Python strings so the package needs no data files."""

from __future__ import annotations

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    # No MathJax on the page, and none fetched: labels are plain text.
    "typesetMath": False,
    "showSendToCloud": False,
    # plotly.js defaults this to a Chart Studio address; nothing on the page may point away.
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

PLOTLY_DUTCH = {
    "Autoscale": "Automatisch schalen",
    "Download plot": "Grafiek downloaden",
    "Download plot as a PNG": "Grafiek downloaden als PNG",
    "Double-click to zoom back out": "Dubbelklik om weer uit te zoomen",
    "Pan": "Verschuiven",
    "Reset": "Herstellen",
    "Reset axes": "Assen herstellen",
    "Reset view": "Weergave herstellen",
    "Snapshot succeeded": "Afbeelding gemaakt",
    "Sorry, there was a problem downloading your snapshot!": "Het downloaden is mislukt.",
    "Taking snapshot - this may take a few seconds": "Afbeelding maken: even geduld",
    "Zoom": "Inzoomen op een gebied",
    "Zoom in": "Inzoomen",
    "Zoom out": "Uitzoomen",
}
"""Dutch for the texts plotly.js shows itself (mode bar, notices), as the `nl` locale."""

CONTENT_SECURITY_POLICY = (
    # The page may load nothing: scripts and styles are inline, images only generated ones.
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)

STYLE = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9dee4; --flag: #c2410c; --accent: #0b3d6b; }
* { box-sizing: border-box; }
body {
  margin: 0; background: #f3f5f7; color: var(--ink); line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
html[lang="nl"] .l-en, html[lang="en"] .l-nl { display: none; }
.page { max-width: 1320px; margin: 0 auto; padding: 24px 24px 48px; }
header.intro {
  background: white; border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px;
}
header.intro h1 { margin: 0 0 6px; font-size: 1.6rem; color: var(--accent); }
.topline { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
#language-switch {
  font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--accent); background: white; color: var(--accent); white-space: nowrap;
}
#language-switch:hover, #language-switch:focus-visible { background: var(--accent); color: white; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 14px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
code, pre {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85rem;
}
.noscript {
  background: #fff4e5; border: 1px solid var(--flag); padding: 12px 16px; border-radius: 6px;
}
nav.contents { margin: 16px 0; }
nav.contents ol {
  display: flex; flex-wrap: wrap; gap: 6px 10px; list-style: none; padding: 0; margin: 0;
}
nav.contents a {
  display: inline-block; padding: 3px 10px; border-radius: 14px; background: white;
  border: 1px solid var(--line); color: var(--accent); text-decoration: none; font-size: 0.9rem;
}
section.summary, section.figure, footer {
  background: white; border: 1px solid var(--line); border-radius: 8px; padding: 18px 24px;
  margin-top: 16px;
}
section.summary h2, footer h2 { font-size: 1.15rem; margin: 0 0 8px; }
section.figure h2 { font-size: 1.2rem; margin: 0 0 10px; }
.figure-body { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 24px; }
@media (max-width: 1000px) { .figure-body { grid-template-columns: minmax(0, 1fr); } }
figure { margin: 0; min-width: 0; }
.chart { width: 100%; min-height: 260px; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 6px; }
.swatch {
  display: inline-block; width: 14px; height: 10px; border: 2px solid var(--flag);
  background: repeating-linear-gradient(45deg, transparent 0 3px, var(--flag) 3px 4px);
  vertical-align: baseline; margin-right: 4px;
}
aside.findings { border-left: 4px solid var(--line); padding: 2px 0 2px 16px; font-size: 0.9rem; }
aside.findings.has-discrepancies { border-left-color: var(--flag); }
aside.findings h3 { font-size: 1rem; margin: 0 0 6px; }
.score { font-size: 1rem; margin: 0 0 8px; }
ul.discrepancies { list-style: none; padding: 0; margin: 0; }
ul.discrepancies li { border-top: 1px solid var(--line); padding: 6px 0; }
ul.discrepancies details { margin: 0; }
ul.discrepancies summary { color: var(--ink); font-weight: 400; }
.claim-id { font-weight: 700; color: var(--flag); }
li.about-text .claim-id { color: var(--muted); }
.flag { font-size: 0.78rem; border-radius: 4px; padding: 0 4px; white-space: nowrap; }
.flag.in-doubt { background: var(--flag); color: #fff; }
.flag.about-text { border: 1px solid var(--line); color: var(--muted); }
.claim-figure, .explanation, .check { color: var(--muted); }
.check { display: block; font-size: 0.82rem; }
.explanation { margin: 4px 0 0; font-size: 0.85rem; }
details { margin-top: 10px; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
details.sql pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px;
  padding: 10px 12px; overflow-x: auto; }
ul.matched { padding-left: 18px; margin: 6px 0 0; }
.chart-tools {
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin: 6px 0 2px;
  font-size: 0.85rem;
}
.chart-tools[hidden] { display: none; }
.chart-tools button {
  font: inherit; padding: 3px 10px; border: 1px solid var(--accent); background: white;
  color: var(--accent); cursor: pointer;
}
.chart-tools button:hover, .chart-tools button:focus-visible { background: #e8f0f8; }
.order { display: inline-flex; align-items: center; gap: 0; }
.order > span { margin-right: 6px; color: var(--muted); }
.order button { border-radius: 0; }
.order button + button { border-left: 0; }
.order button:first-of-type { border-radius: 6px 0 0 6px; }
.order button:last-of-type { border-radius: 0 6px 6px 0; }
.order button[aria-pressed="true"] { background: var(--accent); color: white; }
.order-key { color: var(--muted); flex-basis: 100%; }
button.download { border-radius: 6px; }
details.data p { color: var(--muted); font-size: 0.85rem; margin: 6px 0; }
.table-scroll { overflow-x: auto; max-width: 100%; }
details.data table { border-collapse: collapse; font-size: 0.85rem; }
details.data th, details.data td {
  border-bottom: 1px solid var(--line); padding: 3px 8px; vertical-align: bottom;
}
details.data thead th { text-align: left; font-weight: 600; min-width: 7em; }
details.data tbody th { text-align: left; font-weight: 400; min-width: 12em; }
details.data td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details.data td[data-recovered] { color: var(--flag); font-weight: 600; }
.column-key { display: none; font-size: 0.85rem; color: var(--muted); }
.column-key ol { margin: 2px 0 6px; padding-left: 22px; }
code { overflow-wrap: anywhere; }
/* Phone-sized screens (the script's NARROW query says the same): less padding, one column. */
@media (max-width: 640px) {
  body { font-size: 14px; }
  .page { padding: 8px 8px 24px; }
  header.intro, section.summary, section.figure, footer { padding: 12px; }
  header.intro h1 { font-size: 1.3rem; }
  .topline { flex-wrap: wrap; }
  dl.facts { grid-template-columns: minmax(0, 1fr); }
  dl.facts dd { margin-bottom: 6px; }
  section.figure h2 { font-size: 1.05rem; }
  .column-key { display: block; }
}
footer p { max-width: 80ch; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var button = document.getElementById("language-switch");
  // Per chart id: "printed" or "value", the order its sectors are shown in.
  var orders = {};
  // Phone-sized screens: the same width as the stylesheet's @media rule.
  var NARROW = window.matchMedia("(max-width: 640px)");
  // plotly.js's own texts (mode bar, notices) in Dutch on the Dutch page.
  Plotly.register({moduleType: "locale", name: "nl", dictionary: data.plotlyDutch,
    format: {decimal: ",", thousands: "."}});

  function language() {
    return document.documentElement.lang;
  }

  // A heat map's rows in the order of its category axis: plotly.js picks each cell's text
  // colour by the row's place in the data, so rows left in the printed order under a sorted
  // axis would get the colours of other rows (dark text on dark cells).
  function sortRows(trace, layout, axes) {
    var axis = "yaxis" + (trace.yaxis ? trace.yaxis.slice(1) : "");
    if (trace.type !== "heatmap" || axes.indexOf(axis) < 0) {
      return;
    }
    var order = layout[axis].categoryarray.map(function (label) {
      return trace.y.indexOf(label);
    });
    ["z", "y", "text", "customdata"].forEach(function (key) {
      var rows = trace[key];
      if (rows) {
        trace[key] = order.map(function (index) { return rows[index]; });
      }
    });
  }

  // The chart's spec in the page's language, in the order chosen for it.
  function figureOf(chart) {
    // Plotly keeps and changes the objects it is given: a copy keeps both specs pristine.
    var figure = JSON.parse(JSON.stringify(chart.specs[language()]));
    if (chart.sort && orders[chart.id] === "value") {
      chart.sort.axes.forEach(function (axis) {
        var printed = figure.layout[axis].categoryarray;
        figure.layout[axis].categoryarray = chart.sort.order.map(function (index) {
          return printed[index];
        });
      });
      figure.data.forEach(function (trace) {
        sortRows(trace, figure.layout, chart.sort.axes);
      });
    }
    if (NARROW.matches) {
      narrowed(figure, chart);
    }
    return figure;
  }

  // A label broken into lines of at most `width` characters (a word longer stays whole).
  // Lines of one style (<b>, <sup>) are joined and broken again; a small style gets more.
  function rewrap(text, width) {
    var groups = [];
    String(text).split("<br>").forEach(function (part) {
      var match = /^((?:<[a-z]+>)*)(.*?)((?:<\/[a-z]+>)*)$/.exec(part);
      var last = groups[groups.length - 1];
      if (last && last.open === match[1] && last.close === match[3]) {
        last.words.push(match[2]);
      } else {
        groups.push({open: match[1], close: match[3], words: [match[2]]});
      }
    });
    return groups.map(function (group) {
      var limit = group.open.indexOf("<sup>") >= 0 ? Math.round(width * 1.4) : width;
      var lines = [];
      var line = "";
      group.words.join(" ").split(" ").forEach(function (word) {
        if (line && (line + " " + word).length > limit) {
          lines.push(line);
          line = word;
        } else {
          line = line ? line + " " + word : word;
        }
      });
      lines.push(line);
      return lines.map(function (text) { return group.open + text + group.close; }).join("<br>");
    }).join("<br>");
  }

  function lineCount(text) {
    return String(text).split("<br>").length;
  }

  function setPath(target, path, value) {
    var keys = path.split(".");
    keys.slice(0, -1).forEach(function (key) {
      if (target[key] === undefined || target[key] === null) {
        target[key] = {};
      }
      target = target[key];
    });
    target[keys[keys.length - 1]] = value;
  }

  // The chart for a phone: smaller type, labels broken into short lines (shown as tick
  // text, so the categories and the sort stay as they are), then the chart's own settings.
  function narrowed(figure, chart) {
    var layout = figure.layout;
    var margin = layout.margin || {};
    var extra = 0;
    layout.font = Object.assign({}, layout.font, {size: 11});
    if (layout.title && layout.title.text) {
      var before = lineCount(layout.title.text);
      layout.title.text = rewrap(layout.title.text, 42);
      layout.title.font = Object.assign({}, layout.title.font, {size: 13});
      extra += 15 * (lineCount(layout.title.text) - before);
    }
    if (layout.legend && layout.legend.y >= 1) {
      // A legend above the plot has the plot's width: more than two entries take a row each.
      var entries = figure.data.filter(function (trace) {
        return trace.showlegend !== false && trace.name;
      }).length;
      extra += 19 * (entries > 2 ? entries - 1 : 0);
    }
    layout.margin = Object.assign({}, margin, {
      l: 4, r: Math.min(margin.r || 0, 10), t: (margin.t || 80) + extra
    });
    Object.keys(layout).forEach(function (key) {
      var axis = layout[key];
      if (/^yaxis[0-9]*$/.test(key) && axis.categoryarray) {
        axis.tickmode = "array";
        axis.tickvals = axis.categoryarray.slice();
        axis.ticktext = axis.tickvals.map(function (label) { return rewrap(label, 24); });
      }
    });
    // Panel titles: one starting at the plot's left edge has the plot's width, not the page's.
    (layout.annotations || []).forEach(function (annotation) {
      if (annotation.xref === "paper") {
        annotation.text = rewrap(annotation.text, annotation.xanchor === "left" ? 28 : 40);
      }
    });
    if (chart.numbered) {
      var columns = figure.data[0].x;
      layout.xaxis.tickmode = "array";
      layout.xaxis.tickvals = columns;
      layout.xaxis.ticktext = columns.map(function (_, index) { return String(index + 1); });
    }
    Object.keys(chart.narrow).forEach(function (path) {
      setPath(figure, path, chart.narrow[path]);
    });
  }

  function draw(chart) {
    var element = document.getElementById(chart.id);
    element.setAttribute("aria-label", chart.aria[language()]);
    var figure = figureOf(chart);
    var name = data.csv.file[language()].replace("{figure}", chart.figure).replace(".csv", "");
    var config = Object.assign({}, data.config, {
      locale: language(),
      toImageButtonOptions: Object.assign({}, data.config.toImageButtonOptions, {filename: name})
    });
    return Plotly.react(element, figure.data, figure.layout, config);
  }

  function render(lang) {
    document.documentElement.lang = lang;
    document.title = data.title[lang];
    document.body.removeAttribute("data-rendered");
    return Promise.all(data.charts.map(draw)).then(function () {
      document.body.setAttribute("data-rendered", lang);
    });
  }

  // The text of a table cell in the page's language (cells hold both).
  function cellText(cell) {
    var own = cell.querySelector(".l-" + language());
    return (own || cell).textContent.trim();
  }

  // Text that a spreadsheet would run as a formula (=, +, -, @ first) starts with a quote.
  function csvText(text) {
    return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  }

  function csvField(value, separator) {
    var text = String(value);
    if (text.indexOf(separator) >= 0 || /["\r\n]/.test(text)) {
      return '"' + text.replace(/"/g, '""') + '"';
    }
    return text;
  }

  // The table under a chart as CSV: code, label, a column per series, and a note column
  // when a number was recovered. Dutch: semicolons and decimal commas, as Dutch spreadsheets
  // expect; English: commas and decimal points.
  function tableCsv(table) {
    var lang = language();
    var separator = lang === "nl" ? ";" : ",";
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return csvText(cellText(cell));
    });
    var notes = table.querySelector("td[data-recovered]") !== null;
    var lines = [[data.csv.code[lang]].concat(headers, notes ? [data.csv.note[lang]] : [])];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var cells = Array.prototype.slice.call(row.cells, 1);
      var line = [csvText(row.dataset.code), csvText(cellText(row.cells[0]))].concat(
        cells.map(function (cell) {
          var value = cell.dataset.value;
          return lang === "nl" ? value.replace(".", ",") : value;
        })
      );
      if (notes) {
        line.push(
          cells
            .filter(function (cell) { return cell.hasAttribute("data-recovered"); })
            .map(function (cell) {
              return headers[cell.cellIndex] + ": " + data.csv.recovered[lang];
            })
            .join("; ")
        );
      }
      lines.push(line);
    });
    return "\ufeff" + lines.map(function (line) {
      return line.map(function (field) { return csvField(field, separator); }).join(separator);
    }).join("\r\n") + "\r\n";
  }

  function download(table) {
    var blob = new Blob([tableCsv(table)], {type: "text/csv;charset=utf-8"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = data.csv.file[language()].replace("{figure}", table.dataset.figure);
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  }

  data.charts.forEach(function (chart) {
    var tools = document.getElementById(chart.id).parentNode.querySelector(".chart-tools");
    tools.hidden = false;
    tools.querySelector("button.download").addEventListener("click", function () {
      download(document.getElementById(this.dataset.table));
    });
    var choices = Array.prototype.slice.call(tools.querySelectorAll("button[data-order]"));
    choices.forEach(function (choice) {
      choice.addEventListener("click", function () {
        orders[chart.id] = choice.dataset.order;
        choices.forEach(function (other) {
          other.setAttribute("aria-pressed", String(other === choice));
        });
        draw(chart);
      });
    });
  });

  button.addEventListener("click", function () {
    var lang = language() === "nl" ? "en" : "nl";
    render(lang);
    try {
      history.replaceState(null, "", lang === "en" ? "#en" : "#");
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the switch works regardless.
    }
  });

  // Turning a phone or resizing a window across the width redraws for the other one.
  NARROW.addEventListener("change", function () {
    render(language());
  });

  render(location.hash === "#en" ? "en" : "nl");
})();
"""
