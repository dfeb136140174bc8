"""The app's screens; each has its .tcss file beside it."""
