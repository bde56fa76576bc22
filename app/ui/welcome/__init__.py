"""The welcome page of a first start (also Help ▸ Welcome…): what the app does, and where to begin."""
