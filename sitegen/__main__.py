"""`python3 -m sitegen …`: the same command line as the `sitegen` program."""

import sys

from .cli import main

sys.exit(main())
