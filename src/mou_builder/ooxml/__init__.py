"""All WordprocessingML handling: zip packages, XML, content controls, revisions, comments.

Nothing outside this package imports lxml or touches ``w:`` tags.
"""
