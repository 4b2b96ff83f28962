"""How a value from the warehouse becomes part of the page: always as text, never as markup.

Claim ids, paraphrases, labels and titles are data; one holding `<img onerror=...>` must show
as those characters and run nothing. The page has three places data lands, each with its rule:
HTML text and attributes, plotly's chart text (a small markup of its own: `<br>`, `<b>`,
`<sup>`), and JSON inside a `<script>` element. Element ids built from data keep to a safe
alphabet, so they can be neither an attribute breaker nor a selector surprise.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any

from plotly.utils import PlotlyJSONEncoder

_ID_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
# Characters a script element or a JavaScript parser could read as more than JSON text.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def html_text(value: object) -> str:
    """`value` as HTML text or a double-quoted attribute value."""
    return html.escape(str(value), quote=True)


def chart_text(value: object) -> str:
    """`value` as plotly text: its tags escaped.

    plotly.js decodes `&amp;`, `&lt;`, `&gt;` and numeric entities but not `&quot;`, and
    quotes mean nothing in its text, so only `&`, `<` and `>` are escaped.
    """
    return html.escape(str(value), quote=False)


def from_chart_text(text: str) -> str:
    """The plain text `chart_text` made `text` from (a label split into lines, then escaped)."""
    return html.unescape(text)


def element_id(prefix: str, value: object) -> str:
    """`prefix` + `value` as an element id: unchanged when `value` is plain letters, digits,
    `_` and `-` (C001 gives claim-C001), else its safe characters and a digest, so two
    different values never share an id."""
    text = str(value)
    if _ID_CHARACTERS.fullmatch(text):
        return f"{prefix}{text}"
    safe = "-".join(_ID_CHARACTERS.findall(text))[:40]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{prefix}{safe}-{digest}" if safe else f"{prefix}{digest}"


def script_json(document: Any) -> str:
    """JSON to place inside a `<script type="application/json">` element.

    Without `<` nothing can close the element or open a comment in it; `>`, `&` and the two
    line separators (U+2028/9) are escaped too, so the text is also safe as a script literal.
    JSON.parse reads the escapes back as the same characters.
    """
    text = json.dumps(
        document, cls=PlotlyJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_UNSAFE[match[0]], text)
