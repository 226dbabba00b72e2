#!/usr/bin/env bash
# Validate the desktop entry and the AppStream metainfo in resources/ (no network: the
# screenshot URLs are not fetched). Fails when a validator is missing, rather than passing
# without having checked; .ci/run installs them on Debian/Ubuntu.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done
desktop-file-validate resources/*.desktop
appstreamcli validate --no-net resources/*.metainfo.xml
# The Flatpak manifest and the modules it includes parse (building needs the runtime from
# Flathub; flatpak-builder is not installed by .ci/run, so this runs only where it is).
if command -v flatpak-builder >/dev/null; then
  flatpak-builder --show-manifest \
    packaging/flatpak/io.github.rebound_tracker.ReboundTracker.yml >/dev/null
  echo "Flatpak manifest: parsed"
else
  echo "Flatpak manifest: not parsed (flatpak-builder is not installed)"
fi
