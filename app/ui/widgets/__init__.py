"""Small widgets the pages and dialogs share (number boxes, the flow layout of the pages' header rows), and how they show a stored time (clock)."""
