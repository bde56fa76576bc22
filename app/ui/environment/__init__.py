"""Widgets of the Experiment environment and Data platform & CI pages (choices form, tables, wiki preview, exports)."""
