"""One example per command, shown at the end of its ``--help`` (kept here, in one place)."""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    "accept": "mou accept returned.docx --spec oakview.mou.yaml --all -o oakview-r2.mou.yaml",
    "build": "mou build oakview.mou.yaml -o out/",
    "check": "mou check oakview.mou.yaml --profile ca-bp-3515-31",
    "clauses": "mou clauses show records-access@2",
    "diff": "mou diff last-year.mou.yaml oakview.mou.yaml --format md",
    "final": "mou final oakview.mou.yaml --board-date 2026-06-18 --item 7.3 --resolution 2026-41",
    "import": "mou import current-agreement.pdf -o imported.mou.yaml --suggest",
    "new": "mou new cedar-valley --profile wa-rcw-28a-320-124",
    "outdated": "mou outdated oakview.mou.yaml",
    "packet": "mou packet oakview.mou.yaml --prior last-year.mou.yaml -o packet/",
    "profiles": "mou profiles show il-105-ilcs-5-10-20-68 --on 2026-07-01",
    "publish": "mou publish oakview.mou.yaml -o site/ --lang en --lang es --theme theme.yaml",
    "redline": "mou redline last-year.mou.yaml oakview.mou.yaml -o redline.docx --author Counsel",
    "review": "mou review returned.docx --spec oakview.mou.yaml",
    "status": "mou status agreements/",
    "translations": "mou translations status --lang es --spec oakview.mou.yaml",
    "upgrade": "mou upgrade oakview.mou.yaml --clause sro-training",
    "verify": "mou verify final/OAKVIEW-SRO-2026-final.docx",
}


def epilog(name: str) -> str | None:
    example = EXAMPLES.get(name)
    return f"Example:\n\n\b\n  {example}" if example else None
