"""The `assistant` command line: the parser and one module per command group.

The only package of the core allowed to import `tui` (to open the app); every command is thin:
parse, call one core function, print.
"""
