"""Widgets of the main screen: chat turns, the evidence panel and the status line."""
