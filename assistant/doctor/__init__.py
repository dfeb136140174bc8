"""`assistant doctor`: checks of the home, the index and the models, each with its fix."""
