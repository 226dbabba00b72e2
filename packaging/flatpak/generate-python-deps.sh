#!/usr/bin/env bash
# Vendor the Python dependencies for the Flatpak: python3-requirements.json, a
# flatpak-builder module listing every wheel/sdist with its URL and sha256 (the build has no
# network). Uses flatpak-pip-generator (flatpak-builder-tools) in its own virtualenv, run by
# the runtime's Python version (KDE 6.10 = freedesktop 25.08 = Python 3.13), so the wheels
# picked are the ones the sandbox can load.
set -euo pipefail
cd "$(dirname "$0")"
python=${PYTHON313:-python3.13}
tools=../../build/flatpak-tools-venv
[ -x "$tools/bin/python" ] || "$python" -m venv "$tools"
"$tools/bin/python" -m pip install -q flatpak-pip-generator
# The generator calls `pip3`: the one of the runtime's Python version, not the system's.
export PATH="$(cd "$tools/bin" && pwd):$PATH"
# run_pip_generator.py is the unmodified generator, with PyPI's JSON API answered from its
# Simple API where only that is reachable.
generate() { "$tools/bin/python" run_pip_generator.py "$@"; }
# Pure-Python packages come as universal wheels, compiled ones (numpy, SQLAlchemy,
# MarkupSafe) as sdists built in the SDK: picking platform wheels needs --runtime, i.e.
# flatpak and the runtime installed where this runs. Their build tools are a second,
# build-only module (cleaned out of the finished app).
# Mako is in the SDK but not in the Platform the app runs on: vendor it all the same.
generate --requirements-file requirements.txt --ignore-installed mako \
  --cleanup scripts --output python3-requirements
generate --requirements-file build-requirements.txt \
  --build-only --output python3-build-requirements
