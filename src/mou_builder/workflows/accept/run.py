"""``mou accept``'s entry point: the changes chosen, the plan applied to the spec's YAML, the
new revision assembled and checked, then written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import UsageError
from ...sources.library import Library
from ..review import Change, Review, review
from .model import AcceptOutcome
from .plan import plan
from .yamlout import write_yaml

if TYPE_CHECKING:
    from ...checks.engine import CheckResult


def accept(
    returned: Path | str,
    *,
    spec: Path | str,
    output: Path | str,
    accept: list[str] | None = None,
    accept_all: bool = False,
    reject: list[str] | None = None,
    library: Library | None = None,
    spec_mismatch_ok: bool = False,
    include_untracked: bool = False,
    allow_errors: bool = False,
) -> AcceptOutcome:
    """Untracked edits are taken only when named or with ``include_untracked``; the two
    halves of a replacement go together; a revision failing the check is written only with
    ``allow_errors``."""
    from ...sources.specfile import load_spec
    from ...util.atomic import write_text_atomic
    from ...util.outputs import check_output

    spec_path, out_path = Path(spec), Path(output)
    accept, reject = list(accept or []), list(reject or [])
    _check_request(spec_path, out_path, output, bool(accept or accept_all or reject))
    library = library or Library.load()
    check_output(out_path, inputs=[spec_path, returned], library=library.root)
    loaded = load_spec(spec_path)  # bad spec: error before the document is read
    result = review(
        returned, spec=spec_path, library=library, flags=False, spec_mismatch_ok=spec_mismatch_ok
    )
    accepted, rejected, untouched = _select(
        result, returned, accept, accept_all and not include_untracked, reject, accept_all
    )
    edits, outcomes, skipped = plan(result, accepted, library, returned)
    text, old_rev, new_rev = write_yaml(loaded.text, edits)
    check = _check_revision(text, out_path, library)
    written = check.ok() or allow_errors
    if written:
        write_text_atomic(out_path, text)
    return AcceptOutcome(
        written=written,
        output=out_path,
        spec=spec_path,
        document=str(returned),
        accepted=accepted,
        rejected=rejected,
        untouched=untouched,
        clauses=outcomes,
        revision=(old_rev, new_rev),
        check=check,
        skipped=skipped,
        comments=len(result.comments),
        findings=[
            f"[{f.id}] {f.severity}: {f.kind} in {f.clause or 'no clause'}"
            f"{'' if f.part == 'word/document.xml' else f' ({f.part})'}: {f.text[:60]!r}"
            for f in result.findings
        ],
    )


def _check_request(spec_path: Path, out_path: Path, output: Path | str, chosen: bool) -> None:
    if _same_file(spec_path, out_path):
        raise UsageError(f"-o {output} is the spec itself; write the next revision to a new file")
    if not chosen:
        raise UsageError(
            "name the changes to accept with --change ID, or pass --all",
            hint="`mou review` lists the ids",
        )


def _select(
    result: Review,
    returned: Path | str,
    accept: list[str],
    tracked_only: bool,
    reject: list[str],
    accept_all: bool,
) -> tuple[list[Change], list[Change], list[Change]]:
    """(accepted, rejected, left open), each in document order. ``--all`` without
    ``--include-untracked`` (``tracked_only``) leaves untracked edits open."""
    _known_ids(result, returned, accept, reject)
    accepted_ids = _all_but(result, accept, reject, tracked_only) if accept_all else set(accept)
    reject = _whole_replacements(result, accepted_ids, reject)
    accepted = [c for c in result.changes if c.id in accepted_ids]
    rejected = [c for c in result.changes if c.id in reject]
    untouched = [c for c in result.changes if c.id not in accepted_ids and c.id not in reject]
    return accepted, rejected, untouched


def _known_ids(result: Review, returned: Path | str, accept: list[str], reject: list[str]) -> None:
    """Every id named is a change of the review, and none is both accepted and rejected."""
    known = {c.id for c in result.changes}
    unknown = [i for i in [*accept, *reject] if i not in known]
    if unknown:
        raise UsageError(
            f"{returned}: no change with id {', '.join(map(repr, unknown))}",
            hint="`mou review` lists the ids: "
            + (", ".join(c.id for c in result.changes) or "there are none"),
        )
    both = sorted(set(accept) & set(reject))
    if both:
        raise UsageError(f"change {', '.join(both)} is both accepted and rejected")


def _all_but(result: Review, accept: list[str], reject: list[str], tracked_only: bool) -> set[str]:
    """``--all``: every change not rejected; untracked ones only when named or asked for."""
    return {
        c.id
        for c in result.changes
        if c.id not in reject and (c.kind != "untracked" or not tracked_only or c.id in accept)
    }


def _whole_replacements(result: Review, accepted: set[str], reject: list[str]) -> list[str]:
    """A replacement is accepted or rejected whole: each half chosen takes the other along
    (``accepted`` grows in place); the rejected ids returned."""
    rejected = set(reject)
    for change in result.changes:
        other = change.pair
        if other is None:
            continue
        if change.id in accepted and other in rejected:
            raise UsageError(
                f"changes {change.id} and {other} are one replacement: accept or reject both"
            )
        if change.id in accepted:
            accepted.add(other)
        elif change.id in rejected:
            rejected.add(other)
    return [c.id for c in result.changes if c.id in rejected]


def _check_revision(text: str, out_path: Path, library: Library) -> CheckResult:
    """The new revision assembled and checked (before anything is written)."""
    from ...assembly.assembler import assemble
    from ...checks.engine import run_check
    from ...model.schema import Spec
    from ...sources.specfile import LoadedSpec
    from ...sources.validate import validate
    from ...sources.yamlio import loads

    raw = loads(text, str(out_path))
    new_spec = validate(Spec, raw, str(out_path))
    agreement = assemble(LoadedSpec(new_spec, out_path, raw, text), library)
    return run_check(agreement, library)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()
