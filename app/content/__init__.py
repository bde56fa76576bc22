"""Loading checklist content from data files (checklists/ and the user's own folder)."""
