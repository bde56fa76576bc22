"""How a page reads the open project: on a worker from a team database, "Loading…" meanwhile."""
