"""A start's first moments: whether a window can open here (display.py, before Qt); the welcome page of a
first start (also Help ▸ Welcome…): what the app does, and where to begin."""
