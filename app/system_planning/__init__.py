"""System planning: the checklist calculator (capacity, cost) and the system plan in Markdown and Excel.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""
