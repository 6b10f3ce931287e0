"""Cells of the files staff download (CSV, XLSX, ODS): text a spreadsheet shows, never a formula it runs."""

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """`value` for a downloaded file: text starting like a formula gets a leading apostrophe, as spreadsheets write it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def from_spreadsheet(text):
    """A cell read back from such a file: the apostrophe `as_text` added is dropped, so an export imports unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
