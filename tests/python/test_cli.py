"""The command line installed with the package."""

from __future__ import annotations

import shutil
import subprocess
import sys

import hipmech


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hipmech", *args], capture_output=True, text=True, check=False)


def test_version():
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"hipmech {hipmech.__version__}"


def test_console_script_is_installed():
    assert shutil.which("hipmech", path=str(__import__("pathlib").Path(sys.executable).parent))


def test_no_command_prints_help_and_fails():
    out = run()
    assert out.returncode == 2
    assert "usage: hipmech" in out.stderr
