"""LibreOffice from the tests: each call its own user profile, and a stuck one killed with its children.

Two LibreOffice processes on one profile wait for each other (the second hands its work to the
first through the profile's pipe), and ``subprocess.run(timeout=...)`` kills only the ``soffice``
wrapper: the ``soffice.bin`` it started keeps the output pipes open and the test waits forever.
Here every call gets a private profile (tests run in parallel workers) and its own process group,
killed whole when the time is up.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

INSTALLED = shutil.which("soffice") is not None


def soffice(args: list[str], *, profile: Path | None = None, timeout: float = 240) -> None:
    """Run ``soffice --headless --norestore ARGS`` (``profile``: a user profile folder to use, else a fresh one)."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as fresh:
        folder = profile or Path(fresh)
        command = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={folder.resolve().as_uri()}",
                   "--headless", "--norestore", *args]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, command, stderr=err)
