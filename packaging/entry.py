"""The bundle's entry point (PyInstaller runs a script, not a console_scripts entry): ``app.main:main``."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
