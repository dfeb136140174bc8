"""Benchmark of the TUI, measured through Pilot .

Prints the time to an interactive prompt: a fresh interpreter importing the app and running
it headlessly until the question input has focus. Not done yet: Enter-to-evidence through
Pilot (idle and during a big sync, shared vs separate embedders); a first version hung in
its wait loop and was removed rather than left broken.

    .venv/bin/python benchmarks/tui.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LAUNCH = (
    "import time; t = time.perf_counter(); import asyncio; from tui.app import AssistantApp; "
    "from assistant.config import load_config\n"
    "async def launch():\n"
    "    app = AssistantApp(load_config(), watch=False, background=False)\n"
    "    async with app.run_test(size=(80, 24)) as pilot:\n"
    "        while not app.main_screen.query('#question').first().has_focus:\n"
    "            await pilot.pause()\n"
    "        print(time.perf_counter() - t)\n"
    "asyncio.run(launch())"
)


def launch_seconds(home: Path) -> float:
    env = {"ASSISTANT_HOME": str(home), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", LAUNCH], env=env, cwd=REPO, capture_output=True)
    return float(out.stdout.decode().strip().splitlines()[-1])


def main(runs: int = 5) -> None:
    home = Path(tempfile.mkdtemp()) / "home"
    launches = [launch_seconds(home) for _ in range(runs)]
    print(f"launch to prompt: median {statistics.median(launches):.2f} s over {runs} runs")


if __name__ == "__main__":
    main()
