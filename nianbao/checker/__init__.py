"""Report checker (年报体检): finds contradictions and numbering errors in a report's text and
tables. Pure Python; the platform and the `nianbao check` CLI share it."""

from nianbao.checker.engine import check_bytes, check_document, check_path, summarize
from nianbao.checker.model import Document, Finding, Location
from nianbao.checker.readers import ReadError, read_bytes, read_path

__all__ = [
    "Document",
    "Finding",
    "Location",
    "ReadError",
    "check_bytes",
    "check_document",
    "check_path",
    "read_bytes",
    "read_path",
    "summarize",
]
