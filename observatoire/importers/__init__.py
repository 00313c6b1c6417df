"""Importers: one module per input format, all feeding the same engine (`table.import_file`)."""

from observatoire.importers.table import ImportReport, import_file

__all__ = ["ImportReport", "import_file"]
