"""The seeded random user on the real window (tests/journeys/monkey.py), in its own process
so that a crash fails the run rather than killing the test runner.

Longer runs: ``python tests/journeys/monkey.py --seed 1 --seeds 20 --actions 1000``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import rebound_tracker

SEEDS = (1, 2)
ACTIONS = 200


@pytest.mark.parametrize("seed", SEEDS)
def test_a_random_user_breaks_nothing(tmp_path, seed):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(rebound_tracker.__file__).parent.parent)}
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("monkey.py")),
                           "--seed", str(seed), "--actions", str(ACTIONS),
                           "--data", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=600, env=env)
    report = done.stdout + done.stderr[-4000:]
    assert done.returncode == 0, f"monkey seed {seed} (rerun the script with it):\n{report}"
    assert f"seed {seed}: {ACTIONS} actions" in done.stdout and "stored" in done.stdout
