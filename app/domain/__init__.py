"""Domain models (pydantic): checklist content, projects, answers. No I/O, no Qt."""
