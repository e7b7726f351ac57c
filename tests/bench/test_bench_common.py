"""The benchmark's measuring tools (``bench/common.py``)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from bench.common import _watch_peak_rss

CHILD_MIB = 200
PARENT_MIB = 800


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/status")
def test_a_child_s_peak_rss_is_its_own_not_the_larger_parent_s():
    """wait4's ru_maxrss would report at least the parent's 800 MiB (Linux carries the
    pre-exec image's high-water mark into it); the child itself touches only 200 MiB."""
    parent = bytearray(PARENT_MIB * 2**20)
    parent[::4096] = b"\x01" * len(parent[::4096])  # resident, not just reserved
    child = (
        f"import time; b = bytearray({CHILD_MIB} * 2**20); b[::4096] = b'\\x01' * len(b[::4096]); "
        "time.sleep(0.5)"
    )
    proc = subprocess.Popen([sys.executable, "-c", child])
    peak_kib, done = [0], threading.Event()
    watcher = threading.Thread(target=_watch_peak_rss, args=(proc.pid, done, peak_kib))
    watcher.start()
    proc.wait()
    done.set()
    watcher.join()

    assert CHILD_MIB <= peak_kib[0] / 1024 < PARENT_MIB
    assert parent[0] == 1
