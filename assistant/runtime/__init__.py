"""The loaded models and what shares them: embedder, generator, similarity, the session."""
