"""The dry run's sandbox: run code against a copy of the kernel without touching the world.

A check never changes the world. Code run to check it may read anything, but its writes
go to a scratch folder that is thrown away, and it may not reach the network, start or
signal processes, or use the kernel's open connections. See ``docs/architecture.md``,
"What a check may do", for the layers and what each one stops.

- :func:`run_sandboxed` forks the calling process and runs the code in the child.
- :class:`Snapshot` forks once, at a moment the caller chooses (the kernel's main thread,
  between cells), and runs checks later from that single-threaded copy.
"""

from spark_nb.assist.sandbox.fork import CONTAINMENTS, default_memory, run_sandboxed
from spark_nb.assist.sandbox.outcome import VERDICTS, Outcome
from spark_nb.assist.sandbox.snapshot import Snapshot

__all__ = ["CONTAINMENTS", "VERDICTS", "Outcome", "Snapshot", "default_memory", "run_sandboxed"]
