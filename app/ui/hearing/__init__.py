"""The Hearing page: checklist tree, item editor, sessions, interview mode."""
