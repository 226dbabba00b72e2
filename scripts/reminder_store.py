"""What scripts/reminder_screenshots.sh asks of the store while the real app runs on it.

    python scripts/reminder_store.py DATA_DIR place-wear-off MINUTES
    python scripts/reminder_store.py DATA_DIR dose-today MEDICATION
    python scripts/reminder_store.py DATA_DIR prompted-checkins

``place-wear-off`` logs a Vyvanse 30 mg dose (d-amphetamine: no other dose of the demo
shares its curve) at the time that makes the model's predicted wear-off start MINUTES from
now, and prints the planned wear-off prompt as the tray's schedule has it. The other two
print what reached the database (exit 1 when nothing did).
"""

from __future__ import annotations

import sys
from datetime import timedelta

from rebound_tracker.app import open_services
from rebound_tracker.domain.timeparse import local_now
from rebound_tracker.services.predicted_windows import predicted_windows
from rebound_tracker.services.simulation import DoseSpec

PROBE = ("vyvanse", 30.0)


def wear_off_offset(services) -> timedelta:
    """Dose to predicted wear-off start, for the probe dose on its own."""
    taken = local_now() - timedelta(days=2)
    prediction = services.simulation.predict([DoseSpec(*PROBE, taken)], start=taken,
                                             hours=30.0, step_min=1.0)
    starts, _ends, _ = predicted_windows(prediction, "wear_off")
    return timedelta(seconds=float(starts[0]) - taken.timestamp())


def place_wear_off(services, minutes: float) -> int:
    target = local_now() + timedelta(minutes=minutes)
    dose = services.doses.add(*PROBE, target - wear_off_offset(services))
    plan = services.schedule.plan(target.date())
    near = [i for i in plan.items if i.kind == "wear-off"
            and abs(i.at - target) <= timedelta(minutes=2)]
    planned = [f"{i.at:%H:%M} {i.kind} {i.status}: {i.reason}" for i in near]
    print(f"logged Vyvanse 30 mg at {dose.taken.local:%Y-%m-%d %H:%M}; planned:",
          *(planned or ["nothing"]))
    return 0 if any(i.fires for i in near) else 1


def dose_today(services, medication: str) -> int:
    today = local_now().date()
    found = [d for d in services.doses.list() if d.medication_id == medication
             and d.taken.local.date() == today]
    for d in found:
        print(f"dose in the database: {d.medication_id} {d.mg:g} mg at "
              f"{d.taken.local:%Y-%m-%d %H:%M} (id {d.id})")
    return 0 if found else 1


def prompted_checkins(services) -> int:
    found = [c for c in services.checkins.list() if c.prompt]
    for c in found:
        print(f"check-in in the database: {c.at.local:%Y-%m-%d %H:%M} prompt={c.prompt} "
              f"mood={c.mood} focus={c.focus} (id {c.id})")
    return 0 if found else 1


def main(argv: list[str]) -> int:
    data_dir, command, *rest = argv
    services = open_services(data_dir)
    try:
        if command == "place-wear-off":
            return place_wear_off(services, float(rest[0]))
        if command == "dose-today":
            return dose_today(services, rest[0])
        if command == "prompted-checkins":
            return prompted_checkins(services)
        raise SystemExit(f"unknown command {command!r}")
    finally:
        services.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
