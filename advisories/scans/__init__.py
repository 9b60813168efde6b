"""Scanned dispatches read by OCR in the task worker (see `tasks`), and the crops of the fields
the clerk must check (see `crops`)."""
