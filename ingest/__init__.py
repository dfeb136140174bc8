"""Files -> documents -> chunks: the notes, mail and PDF readers, the chunker and sync."""
