"""mypy in CI, gradually: the error count may only go down.

    python .ci/mypy_ratchet.py            # fail if the count differs from .ci/mypy-baseline
    python .ci/mypy_ratchet.py --update   # after fixing errors: write the lower count

More errors than the baseline fails (the new ones are what to fix). Fewer fails too, until
the baseline is lowered with --update in the same change, so a fixed error cannot come
back unnoticed. The configuration (strict where clean) is [tool.mypy] in pyproject.toml.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / ".ci" / "mypy-baseline"
ERROR = re.compile(r"^(?P<path>[^:\n]+):\d+: error: ", re.M)


def run_mypy() -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-color-output"], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        sys.exit(f"mypy could not run:\n{result.stdout}{result.stderr}")
    return len(ERROR.findall(result.stdout)), result.stdout


def main(argv: list[str]) -> int:
    count, report = run_mypy()
    baseline = int(BASELINE.read_text().split()[0])
    if "--update" in argv:
        if count > baseline:
            print(report)
            print(f"mypy: {count} errors, more than the baseline {baseline}: not raising it.")
            return 1
        BASELINE.write_text(f"{count}\n")
        print(f"mypy: baseline {baseline} -> {count}")
        return 0
    if count > baseline:
        print(report)
        print(f"mypy: {count} errors, the baseline is {baseline}: fix the new ones above.")
        return 1
    if count < baseline:
        print(f"mypy: {count} errors, fewer than the baseline {baseline}: well done; lower it "
              f"in this change with `python .ci/mypy_ratchet.py --update`.")
        return 1
    files = len({m.group("path") for m in ERROR.finditer(report)})
    print(f"mypy: {count} errors in {files} files, as in the baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
