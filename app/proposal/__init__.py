"""The kickoff proposal: problems, approach, effort and schedule; Markdown, HTML and PDF.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""
