"""A complete definition of a person's own medication, shared by the tests that add one."""

import copy

from rebound_tracker.domain.medication_definition import MedicationDefinition
from rebound_tracker.pk.definitions import definition_from_json

MY_ER = {
    "id": "my-mph-er",
    "name": "My MPH ER",
    "generic": "methylphenidate",
    "aliases": ["my pill"],
    "family": "methylphenidate",
    "moieties": [{"analyte": "methylphenidate", "base_per_label_mg": 0.8648}],
    "components": [
        {"kind": "first_order", "fraction": 0.3, "lag_h": 0.25, "ka_per_h": 2.0},
        {"kind": "zero_order", "fraction": {"value": 0.7, "source": "LABEL: my leaflet"},
         "lag_h": 1.0, "duration_h": 8.0, "ka_per_h": 2.0},
    ],
    "label_min_mg": 10,
    "label_max_mg": 60,
    "strengths_mg": [10, 20],
}


def with_change(base: dict, path: tuple, value: object) -> dict:
    """A deep copy of ``base`` with the item at ``path`` (keys and indexes) set to ``value``."""
    doc = copy.deepcopy(base)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def typed(doc: dict) -> MedicationDefinition:
    """The typed definition of a JSON one, read as `meds add` reads a file."""
    return definition_from_json(doc)
