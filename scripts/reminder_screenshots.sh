#!/bin/bash
# The reminders and prompts on a real desktop notification service, screenshots looked at:
#     xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash scripts/reminder_screenshots.sh
# Starts dunst (its context menu answers through a "dmenu" that picks the button named
# in $work/choice), then the real app over a 10-day demo store with the usual dose due
# this minute: the dose reminder shows (docs/screenshots/reminder-notification.png),
# Taken logs it; then a Vyvanse dose (another substance, so its curve is its own) placed so that its predicted wear-off starts in two minutes
# brings the wear-off prompt (prompt-notification.png), Check in opens the popup
# (checkin-popup.png), typed digits are logged with the prompt's kind.
# Not yet reliable: the second half (placing a dose so that a wear-off falls due now, in a
# demo history whose other doses shift the combined curve) did not land in my runs; the
# prompt -> popup -> stored check-in path is covered by tests/journeys/test_reminder_journeys.py.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export XDG_CONFIG_HOME="$work/config"
rt() { .venv/bin/rebound-tracker --data-dir "$work/data" "$@"; }
shots=docs/screenshots
mkdir -p "$shots"
rt demo --days 10 > /dev/null
rt settings set regimen "concerta:36@$(date +%H:%M)" > /dev/null
rt settings set reminders on > /dev/null
# Settings are read when the window opens (another process's change is not seen live).
rt settings set checkin_prompts on > /dev/null
rt settings set random_prompts 0 > /dev/null
printf '#!/bin/sh\ngrep -m1 -F "$(cat %s/choice)"\n' "$work" > "$work/pick"
chmod +x "$work/pick"
printf '[global]\n    dmenu = %s/pick\n    font = DejaVu Sans 11\n    width = 420\n    offset = 20x60\n' \
    "$work" > "$work/dunstrc"
dunst -config "$work/dunstrc" > "$work/dunst.log" 2>&1 &
daemon=$!
sleep 1
rt > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app $daemon 2>/dev/null || true' EXIT
sleep 10
import -window root "$shots/reminder-notification.png"
echo "Taken" > "$work/choice"; dunstctl context; sleep 2
rt dose list | tail -2
import -window root "$work/after-taken.png"
.venv/bin/python - "$work/data" <<'PY'
import sys
from datetime import timedelta
from rebound_tracker.app import open_services
from rebound_tracker.domain.timeparse import local_now
s = open_services(sys.argv[1])
now = local_now()
def wear_offs():
    return {i.at for i in s.schedule.plan(now.date()).items if i.kind == "wear-off"}


before = wear_offs()
probe = s.doses.add("vyvanse", 30, now - timedelta(hours=8))
[start] = wear_offs() - before  # the probe dose's predicted wear-off start
offset = start - probe.taken.local
s.doses.delete(probe.id)
target = now + timedelta(minutes=2)
at_time = target - offset
for _ in range(6):  # the combined curve is not shift-invariant: move until it lands
    placed = s.doses.add("vyvanse", 30, at_time)
    new = wear_offs() - before
    if new and min(abs(w - target) for w in new) <= timedelta(minutes=1):
        break
    s.doses.delete(placed.id)
    if new:
        at_time -= min((w - target for w in new), key=abs)
print("dose placed at", placed.taken.local.strftime("%d %H:%M"), "wear-off predicted",
      sorted(w.strftime("%H:%M") for w in wear_offs() - before))
s.close()
PY
sleep 200
import -window root "$shots/prompt-notification.png"
echo "Check in" > "$work/choice"; dunstctl context; sleep 2
popup=$(xdotool search --name "^Quick check-in$" | head -1)
xdotool windowfocus --sync "$popup"; sleep 0.3
xdotool type --delay 100 "6"; xdotool key Tab; xdotool type --delay 100 "4"; sleep 0.5
import -window root "$shots/checkin-popup.png"
xdotool key Return; sleep 2
rt export json --out "$work/export.json" > /dev/null
.venv/bin/python -c "import json,sys; c=[c for c in json.load(open(sys.argv[1]))['checkins'] if c.get('prompt')]; print('prompted check-ins:', c)" "$work/export.json"
rt schedule
echo "screenshots in $shots; log in $work"
