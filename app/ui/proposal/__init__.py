"""Widgets of the Kickoff proposal page: section editors, problem and effort tables, live preview."""
