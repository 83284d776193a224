#!/usr/bin/env python3
"""Command line of the reading-collection site generator, without installing it.

    python3 build.py [build]      the same as `sitegen [build]`, and so on for
    python3 build.py COMMAND …    ingest, serve, check, deploy, new, init

The command line lives in `sitegen.cli`; this file only calls it.
"""

import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="build.py"))
