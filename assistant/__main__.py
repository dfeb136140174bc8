"""`python -m assistant` runs the command line (through the home's server when one runs)."""

from assistant.cli.entry import main

if __name__ == "__main__":
    raise SystemExit(main())
