"""How long Gofto takes from the command to a visible start dialog, frozen and from source.

    .venv/bin/python bench/startup.py [--runs 5] [--target onefile|onedir|source ...]

(``make bench-startup`` runs it after making sure ``dist/gofto`` exists.) Each run starts the
program on a private Xvfb display with fresh settings and a fresh ``TMPDIR`` (where the
one-file executable unpacks itself), polls ``xdotool search --name Gofto`` every 20 ms until a
visible window appears, then stops the program. The page cache cannot be dropped here, so only
the first run of each target is really cold; the median of the runs is the figure to compare,
and the first run is reported beside it. The budget (issue 5) is under 3 s for ``dist/gofto``.

A benchmark, not a test: it prints its figures and writes them to
``bench/results/startup.json`` and fails only when a program does not open its window at all.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Gofto"
POLL_SECONDS = 0.02
WINDOW_TIMEOUT = 30.0
BUDGET_SECONDS = 3.0

TARGETS = {
    "onefile": [str(ROOT / "dist" / "gofto")],
    "onedir": [str(ROOT / "dist" / "gofto-dir" / "gofto")],
    "source": [sys.executable, "-m", "app"],
}


@dataclass
class Result:
    """The start times of one target, in seconds."""

    target: str
    command: str
    runs: list[float]
    median: float
    first: float
    size_bytes: int | None


class Display:
    """A private Xvfb server, so no other window (or window manager) is in the way.

    The display number is drawn from a high range rather than taken as the lowest free one
    (what ``-displayfd`` alone does): test runs in the same machine start and stop their own
    Xvfb servers on the low numbers all the time. ``-noreset``: by default Xvfb resets when
    its last client leaves and refuses connections meanwhile, so a program connecting just as
    the previous one (or Gofto's own display probe) disconnects would abort.
    """

    def __init__(self) -> None:
        for number in random.sample(range(400, 900), 20):
            read_end, write_end = os.pipe()
            self.process = subprocess.Popen(
                ["Xvfb", f":{number}", "-displayfd", str(write_end), "-screen", "0",
                 "1280x800x24", "-nolisten", "tcp", "-noreset"],
                pass_fds=(write_end,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            os.close(write_end)
            with os.fdopen(read_end) as reader:
                ready = reader.readline().strip()  # written once Xvfb accepts clients
            if ready:
                self.name = f":{ready}"
                return
            self.process.wait(timeout=10)  # that number was taken; try another
        raise SystemExit("Xvfb did not start (is the xvfb package installed?)")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def visible_window(display: str) -> bool:
    """Whether a visible window whose title contains ``Gofto`` is on ``display``."""
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", TITLE],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return bool(result.stdout.split())


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the program (the one-file bootloader forwards SIGTERM to its child)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def time_one_start(command: list[str], display: str) -> float:
    """Seconds from starting ``command`` until its window is visible."""
    with tempfile.TemporaryDirectory(prefix="gofto-bench-") as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env["DISPLAY"] = display
        env.pop("WAYLAND_DISPLAY", None)
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "TMPDIR"):
            folder = Path(scratch, name.lower())
            folder.mkdir()
            env[name] = str(folder)
        log = Path(scratch, "output.log")
        with log.open("wb") as output:
            started = time.perf_counter()
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            while not visible_window(display):
                if process.poll() is not None:
                    problem = f"exited with {process.returncode}"
                elif time.perf_counter() - started > WINDOW_TIMEOUT:
                    problem = f"opened no window within {WINDOW_TIMEOUT:.0f} s"
                else:
                    time.sleep(POLL_SECONDS)
                    continue
                tail = log.read_text(errors="replace")[-3000:]
                raise SystemExit(f"{' '.join(command)} {problem}; it printed:\n{tail}")
            return time.perf_counter() - started
        finally:
            stop(process)
            # The window must be gone before the next run starts polling.
            deadline = time.perf_counter() + 10
            while visible_window(display) and time.perf_counter() < deadline:
                time.sleep(POLL_SECONDS)


def private_copy(executable: Path, folder: Path) -> Path:
    """Copy ``dist/gofto`` under ``build/package.lock``, so a rebuild cannot change it mid-run.

    Test runs and ``make package`` in the same checkout rewrite ``dist/gofto`` in place while
    holding that lock; timing a half-written file ends in a missing-plugin abort.
    """
    lock_file = ROOT / "build" / "package.lock"
    lock_file.parent.mkdir(exist_ok=True)
    with lock_file.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        copy = folder / executable.name
        shutil.copy2(executable, copy)
    return copy


def measure(target: str, runs: int, display: str, scratch: Path) -> Result | None:
    """Time ``runs`` starts of ``target``; ``None`` when it has not been built."""
    command = TARGETS[target]
    executable = Path(command[0])
    if target != "source" and not executable.is_file():
        print(f"{target}: {executable.relative_to(ROOT)} not built, skipped")
        return None
    if target == "onefile":
        command = [str(private_copy(executable, scratch))]
    times = [time_one_start(command, display) for _ in range(runs)]
    size = executable.stat().st_size if target == "onefile" else None
    return Result(
        target=target,
        command=" ".join(
            Path(part).name if part == sys.executable else part for part in TARGETS[target]
        ),
        runs=[round(value, 3) for value in times],
        median=round(statistics.median(times), 3),
        first=round(times[0], 3),
        size_bytes=size,
    )


def main() -> int:
    """Run the benchmark and print one line per target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--target", action="append", choices=sorted(TARGETS), help="default: all built ones"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "startup.json")
    options = parser.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: run scripts/system-deps.sh bench")

    display = Display()
    try:
        with tempfile.TemporaryDirectory(prefix="gofto-bench-") as scratch:
            results = [
                result
                for target in options.target or ["onefile", "onedir", "source"]
                if (result := measure(target, options.runs, display.name, Path(scratch)))
                is not None
            ]
    finally:
        display.close()

    print(f"start to visible '{TITLE}' window, {options.runs} runs, {os.cpu_count()} cores:")
    for result in results:
        size = f", {result.size_bytes / 1e6:.1f} MB" if result.size_bytes else ""
        print(
            f"  {result.target:8} median {result.median:.2f} s  first {result.first:.2f} s  "
            f"runs {', '.join(f'{value:.2f}' for value in result.runs)}{size}"
        )
    onefile = next((r for r in results if r.target == "onefile"), None)
    if onefile is not None:
        verdict = "within" if onefile.median < BUDGET_SECONDS else "OVER"
        print(f"  dist/gofto is {verdict} the {BUDGET_SECONDS:.0f} s budget")
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
