"""Build (or reuse) the one-file ``dist/gofto`` once per session and report its size.

The build is what ``make package`` runs, so the tests check the artefact users get. It takes
about a minute on two cores, so a ``dist/gofto`` newer than every file under ``app/``,
``resources/`` and ``build.spec`` is reused. Several test runs may share one checkout (and
``make package`` may run beside them), so building happens under a file lock, and each session
runs its own copy of the executable: a rebuild elsewhere never replaces the file under a
running test.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST_EXE = ROOT / "dist" / "gofto"
BUILD_TIMEOUT = 480.0  # seconds; a cold build takes ~60 s here, more while other tests run
# The same as `make package`.
BUILD_COMMAND = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
BUILD_COMMAND += ["--distpath", "dist", "--workpath", "build/onefile", "build.spec"]


@dataclass(frozen=True, slots=True)
class Executable:
    """The executable under test and how the session got it."""

    path: Path  # this session's private copy
    size: int  # bytes
    built: bool  # False when an up-to-date dist/gofto was reused
    build_seconds: float


_REPORT = pytest.StashKey[Executable]()


def _newest_source_mtime() -> float:
    """The latest modification time of anything the executable is built from."""
    newest = (ROOT / "build.spec").stat().st_mtime
    for folder in (ROOT / "app", ROOT / "resources"):
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                newest = max(newest, path.stat().st_mtime)
    return newest


def is_up_to_date(exe: Path) -> bool:
    """Whether ``exe`` exists and is newer than every file it is built from."""
    return exe.is_file() and exe.stat().st_mtime > _newest_source_mtime()


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_file`` (another session's build finishes first;
    pytest-timeout bounds the wait)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_executable(log_file: Path) -> float:
    """Run PyInstaller on ``build.spec``; returns the seconds it took, fails the test if not."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail(
            "PyInstaller is not installed, so dist/gofto cannot be built: run `make test` "
            "(it installs requirements-dev.txt) or `.venv/bin/pip install -r "
            "requirements-dev.txt`.",
            pytrace=False,
        )
    started, started_at = time.monotonic(), time.time()
    with log_file.open("w") as log:
        try:
            result = subprocess.run(
                BUILD_COMMAND,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=BUILD_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"PyInstaller took over {BUILD_TIMEOUT:.0f} s; see {log_file}")
    if result.returncode != 0 or not DIST_EXE.is_file():
        tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-30:])
        pytest.fail(
            f"PyInstaller failed (exit {result.returncode}): {' '.join(BUILD_COMMAND)}\n{tail}",
            pytrace=False,
        )
    # Date the executable by when the build *started*: a file edited while PyInstaller ran is
    # then newer than dist/gofto, and the next session rebuilds instead of reusing it.
    os.utime(DIST_EXE, (started_at, started_at))
    return time.monotonic() - started


@pytest.fixture(scope="session")
def gofto(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    record_testsuite_property,
) -> Path:
    """The path of this session's copy of an up-to-date one-file ``dist/gofto``."""
    private = tmp_path_factory.mktemp("package")
    with _exclusive(ROOT / "build" / "package.lock"):
        built = not is_up_to_date(DIST_EXE)
        seconds = build_executable(private / "pyinstaller.log") if built else 0.0
        copy = private / "gofto"
        shutil.copy2(DIST_EXE, copy)
    executable = Executable(copy, copy.stat().st_size, built, seconds)
    request.config.stash[_REPORT] = executable
    record_testsuite_property("gofto_size_bytes", executable.size)
    return copy


@pytest.fixture
def frozen_env(tmp_path: Path) -> dict[str, str]:
    """An environment for the executable that writes nothing outside ``tmp_path``.

    Settings, data and the one-file bundle's unpack folder (``TMPDIR``) all go under the test's
    own directory; ``QT_QPA_PLATFORM`` is dropped so Qt picks its real X11 plugin.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST_"))}
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "TMPDIR"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        env[name] = str(folder)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)  # Qt warns about a runtime directory others can read
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Print the executable's size (and whether it was built) after every run that made it."""
    executable = config.stash.get(_REPORT, None)
    if executable is None:
        return
    how = f"built in {executable.build_seconds:.0f} s" if executable.built else "reused"
    terminalreporter.write_sep("-", "package")
    terminalreporter.write_line(
        f"dist/gofto: {executable.size / 1e6:.1f} MB ({executable.size / 2**20:.1f} MiB), {how}"
    )
