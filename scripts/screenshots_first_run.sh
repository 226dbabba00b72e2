#!/bin/bash
# The first-run and Settings screenshots, taken from the real app on a new, empty store and
# driven with the keyboard and mouse (xdotool) the way a new person would:
#     xvfb-run -a -s "-screen 0 1400x900x24" bash scripts/screenshots_first_run.sh
# Types a weight and a usual dose (Concerta 36 mg at 07:30) into the welcome, saves it with
# Enter, opens Edit ▸ Settings with Ctrl+, and writes docs/screenshots/first-run.png and
# settings.png (needs xdotool and imagemagick's import).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export XDG_CONFIG_HOME="$work/config"
.venv/bin/rebound-tracker --data-dir "$work/data" > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
sleep 6
welcome=$(xdotool search --name "Welcome to Rebound Tracker" | head -1)
xdotool windowfocus --sync "$welcome"; sleep 0.3
xdotool type --delay 60 "68"; sleep 0.3                 # body weight has the focus
# "Add a usual dose" sits under the weight (the welcome is at the top left without a
# window manager); the new row's medication list takes the focus.
xdotool mousemove 356 347 click 1; sleep 0.8
xdotool type --delay 80 "Concerta"; sleep 0.3
xdotool key Tab; sleep 0.2; xdotool key ctrl+a; xdotool type --delay 60 "36"
xdotool key Tab; sleep 0.2; xdotool type --delay 80 "0730"; xdotool key Tab
sleep 1.5
import -window "$welcome" docs/screenshots/first-run.png
xdotool key Return; sleep 1.5                           # Save and start
main=$(xdotool search --name "^Rebound Tracker$" | head -1)
xdotool windowfocus --sync "$main"; sleep 0.3
xdotool key ctrl+comma; sleep 2
settings=$(xdotool search --name "^Settings$" | head -1)
import -window "$settings" docs/screenshots/settings.png
.venv/bin/rebound-tracker --data-dir "$work/data" settings
echo "wrote docs/screenshots/first-run.png and docs/screenshots/settings.png"
