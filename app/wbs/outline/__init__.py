"""The outline's structure edits worked out on the plan (move, indent, outdent, move up / down), before the
service commits them.

A sub-package because the WBS folder holds its 16 modules (tests/test_layers.py).
"""
