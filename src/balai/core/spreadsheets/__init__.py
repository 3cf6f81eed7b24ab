"""Reading uploaded spreadsheets with bounded memory (see ``reader``)."""
