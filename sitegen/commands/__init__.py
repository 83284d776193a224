"""One module per command of the command line.

Each module has `add(commands)`, which adds its sub-command to the parser
(with `options.command`), and a `run(args, config, diag, console) -> int`
that the sub-command calls; `sitegen.cli` does the rest.
"""

from . import build, check, deploy, ingest, init, new, serve

COMMANDS = (init, build, ingest, serve, check, deploy, new)
