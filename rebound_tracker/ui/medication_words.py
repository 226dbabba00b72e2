"""A medication in plain words: its release blocks, the names of its fields, its details.

The editor names a bad field the way its form labels it ("Component 2, absorption rate")
next to the library's own path ("my-er.components[1].ka_per_h"), and the medications
window describes a product with the same words.
"""

from __future__ import annotations

import math
import re
from html import escape

from rebound_tracker.domain.errors import ValidationError
from rebound_tracker.domain.medication import Component, Formulation, Sourced
from rebound_tracker.domain.source_words import source_words

KIND_NAMES = {
    "first_order": "First-order absorption after a lag",
    "zero_order": "Steady (zero-order) release over a duration",
    "prodrug": "Prodrug, converted to the active drug",
}
"""The library's release blocks (``COMPONENT_KINDS``) as the editor offers them."""

KIND_HINTS = {
    "first_order": "Immediate-release tablets, and beads that open after a delay.",
    "zero_order": "A constant rate of release, as from an osmotic pump (Concerta's core).",
    "prodrug": "An inactive drug the body converts, as lisdexamfetamine (Vyvanse).",
}

COMPONENT_FIELDS = {
    "kind": "release block",
    "label": "label",
    "fraction": "fraction of the dose",
    "lag_h": "lag (h)",
    "fed_lag_h": "lag after a meal (h)",
    "ka_per_h": "absorption rate ka (/h)",
    "duration_h": "release duration (h)",
    "kconv_per_h": "conversion rate (/h)",
}

FIELDS = {
    "id": "Id",
    "name": "Name",
    "generic": "Generic name",
    "description": "Description",
    "aliases": "Also known as",
    "family": "Active substance",
    "unit": "Unit",
    "moieties": "Active substance",
    "moieties[0].analyte": "Active substance",
    "moieties[0].base_per_label_mg": "Base per label mg",
    "relative_f": "Bioavailability",
    "label_min_mg": "Lowest label dose",
    "label_max_mg": "Highest label dose",
    "strengths_mg": "Strengths",
    "components": "Components",
    "components.fraction": "Fractions of the components together",
    "food_effect": "Food effect",
    "reported": "Reported analyte",
}

_COMPONENT_PATH = re.compile(r"^components\[(\d+)\](?:\.(\w+))?")


def field_label(path: str) -> str:
    """The form's words for a field path relative to the medication ('components[1].lag_h'
    -> 'Component 2, lag (h)'; 'aliases[0]' -> 'Also known as'); the path itself when
    the form has no such field."""
    match = _COMPONENT_PATH.match(path)
    if match:
        number = int(match.group(1)) + 1
        name = match.group(2)
        if name is None:
            return f"Component {number}"
        return f"Component {number}, {COMPONENT_FIELDS.get(name, name)}"
    for prefix in sorted(FIELDS, key=len, reverse=True):
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            return FIELDS[prefix]
    return path


def relative_path(error: ValidationError, medication_id: str) -> str:
    """The field of ``error`` without its leading '<id>.'."""
    prefix = f"{medication_id}."
    return error.field[len(prefix):] if error.field.startswith(prefix) else error.field


def explain(error: ValidationError, medication_id: str) -> str:
    """One sentence: the form's name of the field, the value, what is accepted, and the
    library's path of the field (as the command line would name it)."""
    path = relative_path(error, medication_id)
    shown = "nothing" if error.value in (None, "") else f"“{_value(error.value)}”"
    return (f"{field_label(path)}: {shown} is not accepted — {error.accepted}. "
            f"Nothing was saved. (Field {error.field}.)")


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list) and len(value) > 3:
        return f"{len(value)} items"
    return str(value)


def _half_time(rate: float) -> str:
    return f"{math.log(2) / rate:.2g} h"


def component_words(c: Component) -> str:
    """What one release block does to its part of a dose, in a sentence."""
    share = f"{c.fraction.value:.0%} of the dose"
    lag = f"{c.lag_h.value:g} h"
    fed = (f" (after a meal: {c.fed_lag_h.value:g} h)" if c.fed_lag_h is not None else "")
    if c.kind == "zero_order":
        assert c.duration_h is not None
        text = (f"{share} is released at a steady rate over {c.duration_h.value:g} h, "
                f"starting {lag}{fed} after the dose")
        if c.ka_per_h is not None:
            text += (f", then absorbed first-order (ka {c.ka_per_h.value:g}/h, half in "
                     f"{_half_time(c.ka_per_h.value)})")
        return text
    assert c.ka_per_h is not None
    absorbed = (f"absorbed first-order after a lag of {lag}{fed} (ka {c.ka_per_h.value:g}/h, "
                f"half in {_half_time(c.ka_per_h.value)})")
    if c.kind == "prodrug":
        assert c.kconv_per_h is not None
        return (f"{share} is a prodrug, {absorbed} and converted to the active drug "
                f"(kconv {c.kconv_per_h.value:g}/h, half in "
                f"{_half_time(c.kconv_per_h.value)})")
    return f"{share} is {absorbed}"


_NUMBER_TITLES = {
    "food_effect.lag_shift_h": "With food: extra lag (h)",
    "food_effect.ka_factor": "With food: absorption-rate factor",
    "food_effect.relative_f": "With food: exposure factor",
    "reported.fraction_of_primary": "Reported analyte: fraction of the primary",
}


def number_title(path: str) -> str:
    """A row title for a number of :meth:`Formulation.numbers` in the sources table."""
    moiety = re.match(r"^moieties\[(\d+)\]\.base_per_label_mg$", path)
    if moiety and moiety.group(1) != "0":
        return f"Base per label mg, substance {int(moiety.group(1)) + 1}"
    return _NUMBER_TITLES.get(path) or field_label(path)


def details_html(f: Formulation, *, custom: bool, doses: int | None) -> str:
    """The medications window's description of one product: names, substance, blocks,
    label range, and every number with its source."""
    kind = "your own medication" if custom else "built-in"
    parts = [f"<h3>{escape(f.name)}</h3>",
             f"<p><i>{kind} · id {escape(f.id)}</i><br>{escape(f.description)}</p>"]
    names = ", ".join(escape(a) for a in f.aliases if a != f.name)
    parts.append(f"<p><b>Generic name:</b> {escape(f.generic)}"
                 + (f"<br><b>Also known as:</b> {names}" if names else "") + "</p>")
    substances = "; ".join(f"{escape(m.analyte)} ({m.base_per_label_mg.value:g} mg per mg on "
                           "the label)" for m in f.moieties)
    parts.append(f"<p><b>Active substance:</b> {substances}<br>"
                 f"<b>Bioavailability</b> relative to the reference product: "
                 f"{f.relative_f.value:g}</p>")
    blocks = "".join(f"<li>{escape(c.label + ': ' if c.label else '')}"
                     f"{escape(component_words(c))}</li>" for c in f.components)
    parts.append(f"<p><b>How a dose is released</b></p><ol>{blocks}</ol>")
    strengths = ", ".join(f"{s:g}" for s in f.strengths_mg)
    parts.append(f"<p><b>Label dose:</b> {f.label_min_mg:g}–{f.label_max_mg:g} mg"
                 + (f"; strengths {strengths} mg" if strengths else "") + "</p>")
    if f.food_effect is not None:
        fe = f.food_effect
        parts.append(f"<p><b>With food:</b> {fe.lag_shift_h.value:g} h later, absorption "
                     f"×{fe.ka_factor.value:g}, exposure ×{fe.relative_f.value:g}</p>")
    if doses is not None:
        parts.append(f"<p><b>Logged doses of it:</b> {doses}</p>")
    parts.append(_sources_table(f))
    return "".join(parts)


def _sources_table(f: Formulation) -> str:
    rows = [(path, value) for path, value in f.numbers().items()]
    cells = "".join(_source_row(number_title(path), value) for path, value in rows)
    strengths = ", ".join(f"{s:g}" for s in f.strengths_mg) or "none"
    cells += (f"<tr><td>Strengths</td><td>{strengths}</td>"
              f"<td>{escape(source_words(f.strengths_source))}</td></tr>")
    return ("<p><b>Every number and its source</b></p>"
            "<table cellspacing='0' cellpadding='3' border='1' style='border-color:#999'>"
            "<tr><th align='left'>Number</th><th align='left'>Value</th>"
            f"<th align='left'>Source</th></tr>{cells}</table>")


def _source_row(title: str, value: Sourced) -> str:
    return (f"<tr><td>{escape(title)}</td><td>{value.value:g}</td>"
            f"<td>{escape(source_words(value.source))}</td></tr>")
