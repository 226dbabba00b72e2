"""`meds add / remove / list / show` end to end over a temporary data directory."""

from __future__ import annotations

import copy
import json

import pytest
from custom_medication_sample import MY_ER

from rebound_tracker.cli import main

DEFINITION = MY_ER


@pytest.fixture
def run(tmp_path, capsys):
    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def write(tmp_path):
    def _write(document, name="med.json") -> str:
        path = tmp_path / name
        path.write_text(document if isinstance(document, str) else json.dumps(document),
                        "utf-8")
        return str(path)

    return _write


def custom_ids(run) -> list[str]:
    code, out, _ = run("meds", "list", "--json")
    assert code == 0
    return [m["id"] for m in json.loads(out) if m["custom"]]


def test_add_list_show_dose_simulate_remove(run, write):
    code, out, err = run("meds", "add", write(DEFINITION))
    assert (code, out, err) == (0, "my-mph-er\n", "")

    assert custom_ids(run) == ["my-mph-er"]
    code, out, _ = run("meds", "list")
    line = next(x for x in out.splitlines() if x.startswith("my-mph-er"))
    assert line.rstrip().endswith("custom")
    assert not next(x for x in out.splitlines() if x.startswith("concerta")).endswith("custom")

    code, out, _ = run("meds", "show", "my pill")
    assert code == 0 and "your own medication" in out and "LABEL: my leaflet" in out
    code, out, _ = run("meds", "show", "my-mph-er", "--json")
    shown = json.loads(out)
    assert shown["custom"] is True and shown["definition"] == DEFINITION
    assert shown["numbers"]["components[1].fraction"]["source"] == "LABEL: my leaflet"
    code, out, _ = run("meds", "show", "concerta", "--json")
    assert json.loads(out)["custom"] is False and json.loads(out)["definition"] is None

    code, out, _ = run("simulate", "--dose", "my pill:20@2026-03-02T08:00+01:00", "--json")
    assert code == 0 and json.loads(out)["analytes"][0]["analyte"] == "methylphenidate"

    code, dose_id, _ = run("dose", "add", "--med", "My MPH ER", "--mg", "20",
                           "--at", "2026-03-02T08:00+01:00")
    assert code == 0
    code, _, err = run("meds", "remove", "my-mph-er")
    assert code == 2 and "1 logged dose uses it" in err and "Nothing was written" in err
    assert run("dose", "delete", dose_id.strip())[0] == 0
    code, out, _ = run("meds", "remove", "my-mph-er")
    assert code == 0 and "my-mph-er" in out
    assert custom_ids(run) == []


@pytest.mark.parametrize(("change", "field"), [
    ({"components": [{"kind": "first_order", "fraction": 0.5, "lag_h": 0, "ka_per_h": 2}]},
     "my-mph-er.components.fraction"),
    ({"components": [{"kind": "first_order", "fraction": 1, "lag_h": 0, "ka_per_h": -2}]},
     "my-mph-er.components[0].ka_per_h"),
    ({"moieties": [{"analyte": "caffeine", "base_per_label_mg": 1}]},
     "my-mph-er.moieties.analyte"),
    ({"id": "concerta"}, "concerta.id"),
    ({"aliases": ["Adderall XR"]}, "my-mph-er.aliases[0]"),
])
def test_bad_definitions_exit_2_naming_the_field_and_store_nothing(run, write, change, field):
    document = {**copy.deepcopy(DEFINITION), **change}
    code, out, err = run("meds", "add", write(document))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {field}:") and "Nothing was written" in err
    assert custom_ids(run) == []


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "line 1"),
    ("[1, 2]", "formulation"),
])
def test_unreadable_files_exit_2(run, write, content, expected):
    code, _, err = run("meds", "add", write(content))
    assert code == 2 and expected in err
    code, _, err = run("meds", "add", "/nonexistent/med.json")
    assert code == 2 and "error: file:" in err


def test_remove_unknown_or_built_in_is_bad_input(run):
    code, _, err = run("meds", "remove", "nothing-here")
    assert code == 2 and "nothing-here" in err
    code, _, err = run("meds", "remove", "concerta")
    assert code == 2 and "built-in" in err


def test_the_readme_example_is_accepted_and_its_quoted_error_is_real(run, write):
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    section = readme.split("## Your own medication", 1)[1]
    example = json.loads(section.split("```json", 1)[1].split("```", 1)[0])
    code, out, err = run("meds", "add", write(example))
    assert (code, out.strip(), err) == (0, example["id"], "")
    code, out, _ = run("meds", "show", example["id"], "--json")
    assert json.loads(out)["definition"] == example

    example["id"] = "another-one"
    example["name"], example["aliases"] = "Another one", []
    example["components"][0]["fraction"] = 0.5
    code, _, err = run("meds", "add", write(example, "bad.json"))
    quoted = ("error: another-one.components.fraction: 1.2 is not accepted; "
              "fractions summing to 1")
    assert code == 2 and err.startswith(quoted)
    assert quoted.replace("another-one", "my-mph-er") in " ".join(section.split())
