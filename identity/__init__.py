"""What a document is and why a file could not be read, as typed values.

The readers (`ingest`) produce them, the index (`store`) keeps them as columns and the core
reads them back, so this package sits below all three and imports none of them. Nothing here
knows a file format or SQL: a key is a file path plus an optional locator inside the file, a
failure is a kind plus the sentence a person is shown.
"""

from identity.failures import DUPLICATE_KINDS, FailureKind, ReadFailure
from identity.keys import DocumentKey, Locator, LocatorKind

__all__ = ["DUPLICATE_KINDS", "DocumentKey", "FailureKind", "Locator", "LocatorKind", "ReadFailure"]
