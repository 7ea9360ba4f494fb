"""One way to read a ``%spark`` subcommand's options: IPython's ``magic_arguments``.

Each subcommand declares its options with ``@magic_arguments()`` / ``@argument(...)``
on its own function (so ``%spark?`` and the usage lines come from one place), and
:func:`parse` reads them. Bad options print one line and the usage, never a traceback
and never an exit of the kernel's process.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from IPython.core.error import UsageError
from IPython.core.magic_arguments import parse_argstring


def parse(command: Callable[..., Any], line: str, name: str) -> Any | None:
    """``line`` parsed by ``command``'s ``magic_arguments``; None (after saying why) if bad."""
    try:
        try:
            return parse_argstring(command, line)
        except ValueError:  # a lone apostrophe in a question: "what's the trend"
            return command.parser.parse_args(line.split())
    except (UsageError, SystemExit) as exc:
        message = str(exc).strip() or "bad options"
        print(f"spark {name}: {message}\nusage: {usage(command, name)}", file=sys.stderr)
        return None


def usage(command: Callable[..., Any], name: str) -> str:
    """The one-line usage of a subcommand, from its declared options."""
    last = command.parser.format_usage().strip().splitlines()[-1].strip()  # "%chart [--vision] ..."
    options = last.split(" ", 1)[1] if " " in last else ""
    return f"%spark {name} {options}".strip()
