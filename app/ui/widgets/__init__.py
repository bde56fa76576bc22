"""Small widgets the pages and dialogs share (number boxes)."""
