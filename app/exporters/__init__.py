"""Exporters: files the app writes for people (xlsx, Markdown, HTML, PDF, JSON). No Qt here.

Heavy libraries (openpyxl, jinja2, markdown) are imported inside the functions that use them so
that the window opens fast.
"""
