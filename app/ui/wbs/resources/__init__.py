"""The WBS page's people, load and levelling: the People… dialog (:mod:`.people`), the Load tab
and the over-allocation marks (:mod:`.load`), the Level resources… preview (:mod:`.levelling`)
and what the page does with them (:mod:`.hooks`). The figures come from :mod:`app.wbs.resources`."""
