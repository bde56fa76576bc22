"""What a scheduled WBS tells a project manager beyond its dates: the critical path and each task's slack.

A sub-package because the WBS folder holds its 16 modules (tests/test_layers.py).
"""
