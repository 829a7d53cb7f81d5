"""The document as mou builds it from the spec (draft and final, in the template the
district names): what the returned document's stories and list labels are compared with."""

from __future__ import annotations

from pathlib import Path

from ...model.agreement import Agreement
from ...ooxml.safezip import Package


def as_built(agreement: Agreement, template: Path | None = None) -> list[Package]:
    """The draft and the final copy of ``agreement`` as packages (draft first)."""
    from ...ooxml.safezip import open_docx_bytes
    from ...ooxml.write.docx import build_docx

    return [
        open_docx_bytes(build_docx(agreement, template=template, draft=draft), "as built")
        for draft in (True, False)
    ]
