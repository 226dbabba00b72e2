"""Between the editor's fields and a medication definition (the JSON form `meds add` reads).

Starting from an existing product (or editing one of the person's own), a number left as it
was keeps its value and source exactly; a number the person changed is written bare and so
gets a ``USER:`` source. What the form does not edit — a food effect, a component's lag
after a meal, further active substances, a reported analyte, notes — is carried over
unchanged while ``keep_extras`` is set, and listed by :func:`extras` so the person sees it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

NUMBER_DECIMALS = 6
"""The editor's number boxes keep this many decimals; a template number equal at this
precision counts as unchanged (and keeps its exact value and source)."""


@dataclass
class ComponentValues:
    kind: str = "first_order"
    fraction: float = 1.0
    lag_h: float = 0.0
    ka_per_h: float | None = 1.0
    duration_h: float | None = None
    kconv_per_h: float | None = None
    label: str = ""


@dataclass
class MedicationValues:
    """What the editor's fields hold."""

    id: str = ""
    name: str = ""
    generic: str = ""
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    analyte: str = ""
    family: str = ""
    base_per_label_mg: float = 1.0
    relative_f: float = 1.0
    label_min_mg: float = 0.0
    label_max_mg: float = 0.0
    strengths_mg: list[float] = field(default_factory=list)
    components: list[ComponentValues] = field(default_factory=lambda: [ComponentValues()])
    keep_extras: bool = True


_NOT_FOR_KIND = {("duration_h", "first_order"), ("duration_h", "prodrug"),
                 ("kconv_per_h", "first_order"), ("kconv_per_h", "zero_order")}
"""Numbers a block does not have (the library refuses them)."""


def slug(name: str) -> str:
    """An id for a name: lower-case letters and digits joined by single hyphens, accents
    dropped ('Ritalin® LA é' -> 'ritalin-la-e')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.casefold()))


def split_names(text: str) -> list[str]:
    """Comma-separated names, trimmed, empty ones dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def number_of(node: Any) -> float | None:
    """The value of a template number: bare, or {'value': ..., 'source': ...}."""
    if isinstance(node, Mapping):
        node = node.get("value")
    if isinstance(node, bool) or not isinstance(node, int | float):
        return None
    return float(node)


def _number(value: float | None, template_node: Any) -> Any:
    """``value`` as the template had it when unchanged at the editor's precision, else bare."""
    if value is None:
        return None
    before = number_of(template_node)
    if before is not None and round(before, NUMBER_DECIMALS) == round(value, NUMBER_DECIMALS):
        return copy.deepcopy(template_node)
    return value


def _component(values: ComponentValues, template: Mapping[str, Any] | None,
               keep_extras: bool) -> dict[str, Any]:
    template = template if template is not None and template.get("kind") == values.kind \
        else {}
    out: dict[str, Any] = {"kind": values.kind}
    if values.label.strip():
        out["label"] = values.label.strip()
    for name in ("fraction", "lag_h", "ka_per_h", "duration_h", "kconv_per_h"):
        if (name, values.kind) in _NOT_FOR_KIND:
            continue
        number = _number(getattr(values, name), template.get(name))
        if number is not None:
            out[name] = number
    if keep_extras and template.get("fed_lag_h") is not None:
        out["fed_lag_h"] = copy.deepcopy(template["fed_lag_h"])
    return out


def build_definition(values: MedicationValues,
                     template: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A definition for :meth:`MedicationService.add_custom` from the editor's values."""
    t = template or {}
    moiety = (t.get("moieties") or [{}])[0]
    moieties = [{"analyte": values.analyte,
                 "base_per_label_mg": _number(values.base_per_label_mg,
                                              moiety.get("base_per_label_mg"))}]
    doc: dict[str, Any] = {"id": values.id, "name": values.name.strip()}
    for key in ("generic", "description"):
        text = getattr(values, key).strip()
        if text:
            doc[key] = text
    doc.update(aliases=list(values.aliases), family=values.family, moieties=moieties,
               relative_f=_number(values.relative_f, t.get("relative_f")))
    components = t.get("components") or []
    doc["components"] = [
        _component(c, components[i] if i < len(components) else None, values.keep_extras)
        for i, c in enumerate(values.components)]
    doc["label_min_mg"] = _number(values.label_min_mg, t.get("label_min_mg"))
    doc["label_max_mg"] = _number(values.label_max_mg, t.get("label_max_mg"))
    doc["strengths_mg"] = _strengths(values.strengths_mg, t.get("strengths_mg"))
    if "unit" in t:
        doc["unit"] = t["unit"]
    if values.keep_extras:
        doc["moieties"].extend(copy.deepcopy((t.get("moieties") or [])[1:]))
        for key in ("food_effect", "reported", "notes"):
            if t.get(key):
                doc[key] = copy.deepcopy(t[key])
    return doc


def _strengths(values: list[float], template_node: Any) -> Any:
    before = template_node.get("value") if isinstance(template_node, Mapping) else \
        template_node
    if isinstance(before, list) and [float(v) for v in before] == values:
        return copy.deepcopy(template_node)
    return list(values)


def values_from(definition: Mapping[str, Any], analyte_family: Mapping[str, str]
                ) -> MedicationValues:
    """The editor's values for a definition (a template or a stored one)."""
    moiety = (definition.get("moieties") or [{}])[0]
    analyte = str(moiety.get("analyte", ""))
    strengths = definition.get("strengths_mg")
    if isinstance(strengths, Mapping):
        strengths = strengths.get("value")
    return MedicationValues(
        id=str(definition.get("id", "")),
        name=str(definition.get("name", "")),
        generic=str(definition.get("generic", "")),
        description=str(definition.get("description", "")),
        aliases=[str(a) for a in definition.get("aliases") or []],
        analyte=analyte,
        family=analyte_family.get(analyte, str(definition.get("family", ""))),
        base_per_label_mg=number_of(moiety.get("base_per_label_mg")) or 1.0,
        relative_f=number_of(definition.get("relative_f")) or 1.0,
        label_min_mg=number_of(definition.get("label_min_mg")) or 0.0,
        label_max_mg=number_of(definition.get("label_max_mg")) or 0.0,
        strengths_mg=[float(s) for s in strengths or [] if number_of(s) is not None],
        components=[ComponentValues(
            kind=str(c.get("kind", "first_order")),
            fraction=number_of(c.get("fraction")) or 0.0,
            lag_h=number_of(c.get("lag_h")) or 0.0,
            ka_per_h=number_of(c.get("ka_per_h")),
            duration_h=number_of(c.get("duration_h")),
            kconv_per_h=number_of(c.get("kconv_per_h")),
            label=str(c.get("label", "")),
        ) for c in definition.get("components") or []] or [ComponentValues()],
    )


def extras(definition: Mapping[str, Any]) -> list[str]:
    """What a definition holds that the editor has no field for, in plain words."""
    found = []
    if definition.get("food_effect"):
        found.append("the effect of food")
    for i, c in enumerate(definition.get("components") or []):
        if isinstance(c, Mapping) and c.get("fed_lag_h") is not None:
            found.append(f"component {i + 1}'s lag after a meal")
    more = (definition.get("moieties") or [])[1:]
    if more:
        found.append("a further active substance: " + ", ".join(
            str(m.get("analyte", "?")) for m in more if isinstance(m, Mapping)))
    if definition.get("reported"):
        found.append("which analyte its published numbers measure")
    if definition.get("notes"):
        found.append("its notes")
    return found
