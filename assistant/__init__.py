"""assistant: an offline assistant that answers questions from a person's own files.

The core (this package, `ingest`, `store`) never imports the terminal UI (`tui`).
"""

__version__ = "0.1.0"
