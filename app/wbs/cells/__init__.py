"""The WBS table's cells as users name them and type into them: the window's table and the command line's
``wbs set`` / ``wbs add`` read a typed value one way.

A sub-package because the WBS folder holds its 16 modules (tests/test_layers.py).
"""
