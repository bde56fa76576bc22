"""Projects as a whole: the project file (export, import, duplicate), the demo project, the overview.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""
