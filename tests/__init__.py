"""The test suite. Importing it registers the features (content types, document kinds), as the app does."""

import app.features  # noqa: F401
