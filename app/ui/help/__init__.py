"""Help ▸ About: the version, the licences of the app and of what it bundles, where data lives."""
