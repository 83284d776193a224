"""sitegen: turn raw article text into a browsable, searchable reading site.

The stages, in the order an article flows through them:

    ingest/   seeds/*.txt → content/*.md (Markdown + YAML front matter)
    load.py   content/ → Article and AuthorProfile data
    collect.py  articles → tags, authors, related articles (pure)
    render/   the collection → pages through Jinja2 layouts
    write.py  pages → the output folder, atomically

`pipeline.py` calls them in order; `cli.py` and `commands/` are the command
line (the `sitegen` program, `python3 -m sitegen`, or `build.py` beside
this package).
"""

__version__ = "0.1.0"
