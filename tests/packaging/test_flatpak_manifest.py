"""The Flatpak manifest and its vendored Python modules agree with pyproject.toml."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from rebound_tracker.ui.startup_window import DESKTOP_ID

ROOT = Path(__file__).resolve().parents[2]
FLATPAK = ROOT / "packaging" / "flatpak"


def manifest_text() -> str:
    return (FLATPAK / f"{DESKTOP_ID}.yml").read_text()


def pinned(name: str) -> dict[str, str]:
    pins = {}
    for line in (FLATPAK / name).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            pins[requirement.name.lower().replace("_", "-")] = str(requirement.specifier)[2:]
    return pins


def test_manifest_is_the_app_on_the_pyside_base_app():
    text = manifest_text()
    assert re.search(rf"^id: {re.escape(DESKTOP_ID)}$", text, re.M)
    assert re.search(r"^base: io\.qt\.PySide\.BaseApp$", text, re.M)
    assert re.search(r"^runtime: org\.kde\.Platform$", text, re.M)
    command = re.search(r"^command: (\S+)$", text, re.M).group(1)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert command in project["gui-scripts"]
    assert "--share=network" not in text and "--filesystem=home" not in text
    for module in re.findall(r"^  - (python3-[\w-]+\.json)$", text, re.M):
        assert (FLATPAK / module).is_file(), module


def test_every_runtime_dependency_is_vendored_at_an_accepted_version_except_pyside():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = pinned("requirements.txt")
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = requirement.name.lower()
        if name.startswith("pyside6"):
            assert not any(p.startswith("pyside6") for p in pins)  # the base app's
            continue
        assert name in pins, f"{name} is not vendored for the Flatpak"
        assert requirement.specifier.contains(pins[name]), (name, pins[name])


def test_generated_modules_hold_every_pinned_file_with_its_sha256():
    modules = json.loads((FLATPAK / "python3-requirements.json").read_text())["modules"]
    names = {m["name"].removeprefix("python3-").lower().replace("_", "-") for m in modules}
    assert names == set(pinned("requirements.txt"))
    for module in modules:
        for source in module["sources"]:
            assert source["url"].startswith("https://files.pythonhosted.org/")
            assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
