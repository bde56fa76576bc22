"""Small widgets the pages and dialogs share (number boxes), and how they show a stored time (clock)."""
