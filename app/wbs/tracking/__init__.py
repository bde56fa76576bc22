"""Tracking the WBS against what was agreed: named baselines, progress per task and earned value.

Kept in one project document (:data:`~app.wbs.tracking.baselines.KIND`), keyed by task uid, so
no table or migration is needed and the project file carries it as it carries every document.
"""
