"""Turns an executed notebook into a reveal.js deck with the tsdl-reveal template."""

import base64
import os
import re

from nbconvert.exporters import SlidesExporter

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "templates")
SLIDES_CSS = os.path.join(HERE, "slides.css")


def to_base64(text):
    """Base64 of a string's UTF-8 bytes (for SVG data URLs)."""
    if isinstance(text, list):
        text = "".join(text)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def uses_mermaid(nb):
    """True when an output is a mermaid diagram or a markdown cell has a ```mermaid block."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "```mermaid" in cell.source:
            return True
        for output in cell.get("outputs", []):
            if "text/vnd.mermaid" in output.get("data", {}):
                return True
    return False


MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\(|\\\[", re.S)


def uses_math(nb):
    """True when a markdown cell has a formula ($...$, $$...$$, \\(...\\) or \\[...\\])."""
    return any(cell.cell_type == "markdown" and MATH.search(cell.source) for cell in nb.cells)


def make_exporter(vendor_prefix):
    """A SlidesExporter whose assets load from ``vendor_prefix`` (a relative URL)."""
    exporter = SlidesExporter(
        template_name="tsdl-reveal",
        extra_template_basedirs=[TEMPLATES],
        reveal_url_prefix=f"{vendor_prefix}reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        reveal_scroll=True,
        require_js_url=f"{vendor_prefix}require.js",
    )
    exporter.register_filter("tsdl_base64", to_base64)
    return exporter


def export_deck(nb, vendor_prefix, title):
    """HTML of the deck for an executed notebook (assets under ``vendor_prefix``)."""
    with open(SLIDES_CSS, encoding="utf-8") as f:
        css = f.read()
    exporter = make_exporter(vendor_prefix)
    resources = {
        "metadata": {"name": title},
        "tsdl_slides_css": css,
        # Only decks with a diagram load mermaid.js (3.5 MB).
        "tsdl_mermaid_url": f"{vendor_prefix}mermaid.min.js" if uses_mermaid(nb) else "",
        # Decks with formulas typeset them with KaTeX (JupyterLab uses MathJax; both read the same TeX).
        "tsdl_katex_prefix": f"{vendor_prefix}katex/" if uses_math(nb) else "",
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
