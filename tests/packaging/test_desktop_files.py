"""The desktop entry, the AppStream metainfo and the icons agree with each other and the app."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from rebound_tracker.ui.startup_window import DESKTOP_ID

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DOCS = RESOURCES.parent / "docs"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(RESOURCES / f"{DESKTOP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(RESOURCES / f"{DESKTOP_ID}.metainfo.xml").getroot()


def test_desktop_entry_launches_the_window_script_with_the_app_icon():
    entry = desktop_entry()
    assert entry["Exec"] == "rebound-tracker-gui"
    assert entry["Icon"] == DESKTOP_ID
    assert entry["Terminal"] == "false"


def test_icons_exist_as_svg_and_every_png_size_at_its_size():
    from PySide6.QtGui import QImage

    assert (RESOURCES / "icons/hicolor/scalable/apps" / f"{DESKTOP_ID}.svg").is_file()
    for size in ICON_SIZES:
        image = QImage(str(RESOURCES / f"icons/hicolor/{size}x{size}/apps/{DESKTOP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)


def test_metainfo_names_the_launcher_and_shows_screenshots_that_exist():
    root = metainfo()
    assert root.findtext("id") == DESKTOP_ID
    assert root.find("launchable").text == f"{DESKTOP_ID}.desktop"
    assert root.find("content_rating").get("type") == "oars-1.1"
    images = [i.text for i in root.iter("image")]
    assert len(images) >= 3
    for url in images:  # each points at a screenshot this repository carries
        assert (DOCS / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url


@pytest.mark.parametrize("tool", ["desktop-file-validate", "appstreamcli"])
def test_validators_pass(tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed here (.ci/run installs it and runs it anyway)")
    if tool == "desktop-file-validate":
        command = [tool, str(RESOURCES / f"{DESKTOP_ID}.desktop")]
    else:
        command = [tool, "validate", "--no-net", str(RESOURCES / f"{DESKTOP_ID}.metainfo.xml")]
    out = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
