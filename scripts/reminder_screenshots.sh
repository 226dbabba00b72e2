#!/bin/bash
# The reminders and prompts on a real desktop notification service, screenshots looked at:
#     xvfb-run -a -s "-screen 0 1400x900x24" dbus-run-session -- bash scripts/reminder_screenshots.sh
# Needs dunst, dmenu (suckless-tools), xdotool and imagemagick's import.
#
# Starts dunst (its context menu, dunstctl context, lists a notification's actions in
# dmenu at the top of the screen), then the real app over a 10-day demo store whose usual
# regimen has a dose due this minute:
#  1. the dose reminder shows          -> docs/screenshots/reminder-notification.png
#  2. its actions, Taken chosen         -> reminder-actions.png; the dose is in the database
#  3. a Vyvanse dose is logged (from another process, as a second device would) at the time
#     that puts its predicted wear-off two minutes from now; the app's next minute plans
#     the wear-off prompt and shows it -> prompt-notification.png
#  4. Check in opens the popup, digits typed -> checkin-popup.png; Enter stores the
#     check-in with prompt=wear-off (checked in the database)
#  5. Edit > Settings, Reminders and prompts page -> settings-reminders.png
# Every step waits for what it needs (no fixed sleeps to guess a slow machine by).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
export XDG_CONFIG_HOME="$work/config"
rt() { .venv/bin/rebound-tracker --data-dir "$work/data" "$@"; }
store() { .venv/bin/python scripts/reminder_store.py "$work/data" "$@"; }
shots=docs/screenshots
mkdir -p "$shots"

wait_for() {  # wait_for SECONDS WHAT COMMAND...: until COMMAND succeeds
    local limit=$1 what=$2; shift 2
    for _ in $(seq "$limit"); do
        if "$@" > /dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "gave up waiting for $what (log in $work)" >&2
    return 1
}
notification_shown() { [ "$(dunstctl count displayed)" -ge 1 ]; }
choose() {  # choose ACTION: open the notification's actions in dmenu, pick ACTION
    dunstctl context &
    wait_for 10 "the action menu" xdotool search --class dmenu
    sleep 0.5
    [ -n "${2:-}" ] && import -window root "$2"
    xdotool type --delay 60 "$1"; xdotool key Return
}

rt demo --days 10 > /dev/null
rt settings set regimen "concerta:36@$(date +%H:%M)" > /dev/null
rt settings set reminders on > /dev/null
rt settings set checkin_prompts on > /dev/null
rt settings set random_prompts 0 > /dev/null       # only the model-timed prompt today
rt settings set prompt_min_gap_minutes 0 > /dev/null
cat > "$work/dunstrc" <<EOF
[global]
    font = DejaVu Sans 11
    width = 460
    offset = 20x60
    show_indicators = yes
    format = "<b>%s</b>\n%b"
    dmenu = /usr/bin/dmenu -l 8 -fn "DejaVu Sans-13" -p "Rebound Tracker, answer:"
[urgency_normal]
    timeout = 0
EOF
dunst -config "$work/dunstrc" > "$work/dunst.log" 2>&1 &
daemon=$!
rt > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app $daemon 2>/dev/null || true' EXIT

# 1. The dose reminder.
wait_for 180 "the dose reminder" notification_shown
sleep 2  # let the window finish painting behind it
import -window root "$shots/reminder-notification.png"
# 2. Taken, from the notification's actions.
choose "Taken" "$shots/reminder-actions.png"
wait_for 30 "the dose in the database" store dose-today concerta
store dose-today concerta
sleep 1
import -window root "$work/after-taken.png"

# 3. A wear-off prompt two minutes from now.
store place-wear-off 2
wait_for 240 "the wear-off prompt" notification_shown
sleep 1
import -window root "$shots/prompt-notification.png"
# 4. Check in, digits, Enter.
choose "Check in"
wait_for 20 "the check-in popup" xdotool search --name "^Quick check-in$"
popup=$(xdotool search --name "^Quick check-in$" | head -1)
xdotool windowfocus --sync "$popup"; sleep 0.5
xdotool type --delay 120 "6"; xdotool key Tab; xdotool type --delay 120 "4"; sleep 0.8
import -window root "$shots/checkin-popup.png"
xdotool key Return
wait_for 30 "the prompted check-in in the database" store prompted-checkins
store prompted-checkins
rt schedule
# 5. Edit > Settings, its Reminders and prompts page.
main=$(xdotool search --name "^Rebound Tracker$" | head -1)
xdotool windowfocus --sync "$main"; sleep 0.5
xdotool key ctrl+comma
wait_for 20 "the Settings dialog" xdotool search --name "^Settings$"
settings=$(xdotool search --name "^Settings$" | head -1)
xdotool windowfocus --sync "$settings"; sleep 0.5
xdotool key alt+r; sleep 1.5
import -window "$settings" "$shots/settings-reminders.png"
xdotool key Escape
echo "screenshots in $shots; logs in $work"
