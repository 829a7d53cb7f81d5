"""All WordprocessingML handling: zip packages, XML, content controls, revisions, comments.

Nothing outside this package imports lxml or touches ``w:`` tags; this package imports only
:mod:`mou_builder.model`, :mod:`mou_builder.compare.worddiff` and :mod:`mou_builder.errors`.

- :mod:`.safezip` (reading a .docx safely), :mod:`.package` (writing one reproducibly),
  :mod:`.properties` (core and custom properties, the manifest), :mod:`.ns` (namespaces);
- :mod:`.text`: THE text of runs, paragraphs and table cells, in every view;
- :mod:`.markers` (clause tags and bookmark names) and :mod:`.clausemap` (which blocks are
  which clause);
- :mod:`.write` (Agreement → .docx);
- :mod:`.revisions` (writing, accepting and rejecting tracked changes), :mod:`.docmodel` and
  :mod:`.redlining` (two documents → a redline);
- :mod:`.read` (a returned document's changes and comments), :mod:`.inspection` (what keeps a
  copy from being clean; clause texts of a final copy).

``reader`` and ``writer`` are the old names of :mod:`.read` and :mod:`.write`.
"""
