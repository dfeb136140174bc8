"""The `assistant` command line: the parser and one module per command group.

The only package of the core allowed to import `tui` (to open the app); every command is thin:
parse, call one core function, print.
"""

from assistant.cli.interrupt import quiet_interrupts

# First, before the commands' imports: Ctrl-C in that first second is one line too (issue #14).
quiet_interrupts()
