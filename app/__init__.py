"""MLOps Kickoff: the PoC-phase companion for MLOps engineers."""

__version__ = "0.1.0"
