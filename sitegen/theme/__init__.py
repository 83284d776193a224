"""The built-in theme: the templates and static files that `layouts/` overrides."""

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent
