"""Slide boundaries for notebooks that have none.

A notebook whose cells carry no ``slideshow`` metadata would become one endless
slide. For those, every markdown cell that opens with a level-1 or level-2
heading starts a new slide and every other cell continues the current one.
Notebooks with any slideshow metadata are left exactly as their author set them.
"""

import re

HEADING = re.compile(r"^\s*#{1,2}\s")


def has_slide_metadata(nb):
    """True when any cell says where it belongs in a slideshow."""
    return any("slideshow" in cell.get("metadata", {}) for cell in nb.cells)


def add_heading_slides(nb):
    """Gives every cell a slide_type from the headings (only if none has one).

    Returns the number of slides the notebook will have.
    """
    if has_slide_metadata(nb):
        return sum(
            1
            for cell in nb.cells
            if cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "slide"
        )
    slides = 0
    for index, cell in enumerate(nb.cells):
        starts = index == 0 or (cell.cell_type == "markdown" and HEADING.match(cell.source or ""))
        cell.metadata["slideshow"] = {"slide_type": "slide" if starts else "-"}
        slides += 1 if starts else 0
    return slides
