"""The command line: a thin layer over the services (no Qt; the GUI is started lazily)."""
