"""The main window: its menus, project actions, keys, help viewer and settings dialog."""
