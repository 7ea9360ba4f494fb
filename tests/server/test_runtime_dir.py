"""The runtime folder: made private, and refused when someone else owns it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from spark_nb.engine import server_link
from spark_nb.errors import BackendError


def test_a_wide_folder_is_narrowed_to_the_user(runtime):
    runtime.mkdir(mode=0o755)
    os.chmod(runtime, 0o755)
    assert server_link.make_runtime_dir() == runtime
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_owned_by_another_user_is_refused(runtime):
    runtime.mkdir(mode=0o700)
    os.chown(runtime, 4321, -1)
    with pytest.raises(BackendError, match="belongs to another user"):
        server_link.make_runtime_dir()
    out = subprocess.run([sys.executable, "-m", "spark_nb.server", "--idle", "0"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "belongs to another user" in out.stderr
    assert not (runtime / "server.sock").exists()
