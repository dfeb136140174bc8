"""Turning registered folders into an index: roots, sync, records, forget.

This is where the readers (`ingest`), the embedder (`assistant.runtime`) and the store meet.
"""
