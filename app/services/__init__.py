"""Services: every read and change the UI and the CLI make goes through these (no Qt here)."""
