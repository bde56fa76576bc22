"""Widgets of the WBS page: the tree model, its delegates, filters, the Gantt view, dialogs."""
