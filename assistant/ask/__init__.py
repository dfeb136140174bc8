"""From a question to evidence and an answer: analysis, cues, retrieval, answer, conversations."""
