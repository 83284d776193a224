"""How the build's processes use memory (`sitegen.processes`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Faults in making three arrays of 8 MiB at once, a second time (as the
# search indexer does for each shard, with larger and more arrays).
_FAULTS_OF_A_SECOND_ROUND = """
import resource, sys
import numpy as np
from sitegen.processes import keep_freed_memory
if sys.argv[1] == "keep":
    keep_freed_memory()
def arrays():
    return [np.ones(1 << 20) for _ in range(3)]
arrays()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
arrays()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""
_PAGES = 3 * (8 << 20) // 4096


def _faults_of_a_second_round(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", _FAULTS_OF_A_SECOND_ROUND, mode],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_memory_a_build_freed_is_reused_without_faulting_it_in_again() -> None:
    # glibc by default hands back about a quarter of it (measured: 1,533 of 6,144 pages)
    assert _faults_of_a_second_round("default") > _PAGES // 10
    assert _faults_of_a_second_round("keep") < _PAGES // 100
