"""The command line: the only package that imports typer. ``app.run`` is the entry."""
