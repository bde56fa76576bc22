"""One module per document kind: each registers its ``export KIND`` and/or ``import KIND``."""
