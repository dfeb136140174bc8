"""The Textual terminal app. Holds no business logic: it calls the core and shows results."""
