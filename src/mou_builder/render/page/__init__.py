"""The published web page: a view of the agreement (:mod:`.view`) and its HTML (:mod:`.html`)."""
