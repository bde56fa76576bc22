"""Suspect links: what was agreed on answers that changed since (issue 19)."""
