"""``python -m spark_nb.server``: run the model server in the foreground (kernels start it so)."""

from __future__ import annotations

import argparse
import sys

from spark_nb.server.daemon import serve


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m spark_nb.server")
    ap.add_argument("--idle", type=float, default=1800.0, help="stop after this many idle seconds (0: never)")
    ap.add_argument("--tcp", type=int, default=None, metavar="PORT",
                    help="also listen on 127.0.0.1:PORT with a bearer token (0: any free port)")
    args = ap.parse_args(argv)
    return serve(idle=args.idle, tcp_port=args.tcp)


if __name__ == "__main__":
    sys.exit(main())
