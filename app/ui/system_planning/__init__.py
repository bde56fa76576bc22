"""Widgets of the System planning page: computed panels, result models, the instance catalogue editor."""
