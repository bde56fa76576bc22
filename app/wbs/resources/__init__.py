"""The project's people (要員) and their load: who works on which task, how much a week, levelling.

Modules: :mod:`.people` (the people, stored in the ``wbs_resources`` document, and the names to
offer), :mod:`.load` (load per day and ISO week, over-allocation), :mod:`.levelling` (delay tasks
so that nobody works on two at once).
"""
