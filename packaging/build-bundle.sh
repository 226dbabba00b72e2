#!/usr/bin/env bash
# Build the one-folder bundle from this checkout, check it, print its size.
#
#   bash packaging/build-bundle.sh            → dist/rebound-tracker/rebound-tracker
#
# Uses its own virtual environment (build/bundle-venv) holding only the app's runtime
# dependencies and PyInstaller, so nothing of the test tools ends up in the bundle. Then runs
# the bundle's --self-test (the window offscreen on a temporary store: a dose logged through
# the form, the day simulated, a PDF written) and fails if it does not pass.
# Environment: PYTHON (default python3, 3.11 or newer), PYINSTALLER_VERSION (a pin).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-python3}
venv=$root/build/bundle-venv
dist=$root/dist
work=$root/build/pyinstaller

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
# The app as a wheel would install it (not editable: the bundle must not point back here).
"$venv/bin/python" -m pip install -q "pyinstaller${PYINSTALLER_VERSION:+==$PYINSTALLER_VERSION}" "$root"
case "$(uname -s)" in
  # PyInstaller makes the .icns / .ico from the PNG icon with Pillow (a build tool only).
  Darwin|MINGW*|MSYS*|CYGWIN*) "$venv/bin/python" -m pip install -q pillow ;;
esac

rm -rf "$dist/rebound-tracker" "$work"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" \
  packaging/pyinstaller/rebound-tracker.spec

bundle=$dist/rebound-tracker
if [ "$(uname -s)" = Linux ] && command -v strip >/dev/null; then
  # Debug symbols out of every shared library (the Python library of a source-built Python
  # carries ~17 MB of them), except numpy's bundled OpenBLAS, which stripping breaks ("ELF
  # load command address/offset not page-aligned"). The self-test below runs on the result.
  find "$bundle" -type f \( -name "*.so" -o -name "*.so.*" \) -not -path "*/numpy.libs/*" \
    -print0 | xargs -0 strip --strip-unneeded
fi
case "$(uname -s)" in
  Darwin) exe="$dist/Rebound Tracker.app/Contents/MacOS/rebound-tracker" ;;
  MINGW*|MSYS*|CYGWIN*) exe=$bundle/rebound-tracker.exe ;;
  *) exe=$bundle/rebound-tracker ;;
esac

echo "== self-test of $exe"
# From another directory and with a data directory that must stay untouched.
untouched=$(mktemp -d)
(cd "$untouched" && env -u QT_QPA_PLATFORM REBOUND_TRACKER_DATA_DIR="$untouched/data" \
  "$exe" --self-test)
if [ -e "$untouched/data" ]; then
  echo "error: the self-test wrote into the data directory" >&2; exit 1
fi
rm -rf "$untouched"
"$exe" --version

size_kib=$(du -sk "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
echo "== bundle: $bundle"
echo "bundle size: $((size_kib / 1024)) MiB ($size_kib KiB, $files files)"
echo "largest parts:"
# awk reads to the end (no head): under pipefail, sort killed by SIGPIPE would fail the build
du -sk "$bundle"/_internal/* 2>/dev/null | sort -rn \
  | awk 'NR <= 8 {printf "  %6.1f MiB  %s\n", $1/1024, $2}'
