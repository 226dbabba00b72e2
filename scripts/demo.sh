#!/usr/bin/env bash
# Make (or reuse) .venv, install the app, fill a demo data directory once, open the window.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
demo_dir="${REBOUND_TRACKER_DEMO_DIR:-$PWD/.demo-data}"
if [ ! -e "$demo_dir/rebound-tracker.sqlite3" ]; then
  .venv/bin/rebound-tracker --data-dir "$demo_dir" demo --days 90
fi
exec .venv/bin/rebound-tracker --data-dir "$demo_dir" "$@"
