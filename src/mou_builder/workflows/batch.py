"""Build many agreements at once, in parallel processes, without stopping at a failure.

``mou build DIR_OR_GLOB... -o out/`` finds every spec (``*.mou.yaml`` under directories,
or the files a glob matches), builds each in a pool of worker processes (each loads the
clause library once, in its initializer) and reports per file: built, failed checks, or
bad input. Every document is written atomically, so an interrupted batch (Ctrl-C) leaves
only complete files: pending builds are cancelled, running ones finish, and any temporary
file left by a killed worker is removed.

Output names come from the spec file names (``district-12.mou.yaml`` ->
``out/district-12.docx``), so they are known before any work starts and two specs can
never write the same file; specs whose names would collide are reported as bad input.
"""

from __future__ import annotations

import gc
import glob
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import CheckFailed, InputError, MouError, UsageError
from ..sources import rawcache
from ..sources.library import Library
from ..util.atomic import written_in_background
from ..util.outputs import OutputGuard, check_output_dir

Progress = Callable[["Outcome", int], None]  # (outcome, total number of specs)
Status = Literal["built", "failed", "bad-input", "error", "cancelled"]
SPEC_SUFFIXES = (".mou.yaml", ".mou.yml")
LABELS: dict[str, str] = {
    "built": "built",
    "failed": "failed checks",
    "bad-input": "bad input",
    "error": "internal error",
    "cancelled": "not built (interrupted)",
}


@dataclass
class Outcome:
    """What happened to one spec."""

    spec: str
    status: Status
    output: str | None = None
    reason: str = ""
    seconds: float = 0.0
    rss_kb: int = 0  # peak resident memory of the worker that built it
    pid: int = 0  # the process that built it


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0
    jobs: int = 1

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def built(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "built"]

    @property
    def ok(self) -> bool:
        return not self.interrupted and all(o.status == "built" for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 0 if self.ok else 1

    def summary_lines(self) -> list[str]:
        """The summary table: counts, then one line per file that was not built."""
        lines = []
        for status in ("built", "failed", "bad-input", "error", "cancelled"):
            n = self.count(status)
            if n or status in ("built", "failed", "bad-input"):
                lines.append(f"{LABELS[status]:<24}{n:>6}")
        problems = [o for o in self.outcomes if o.status != "built"]
        if problems:
            width = max(len(o.spec) for o in problems)
            lines.append("")
            for o in problems:
                lines.append(f"{LABELS[o.status]:<14}  {o.spec:<{width}}  {o.reason}")
        rate = len(self.built) / self.seconds if self.seconds > 0 else 0.0
        lines.append("")
        lines.append(
            f"{len(self.built)} of {len(self.outcomes)} agreement(s) built in "
            f"{self.seconds:.1f} s ({rate:.1f}/s, {self.jobs} job(s))"
            + ("; interrupted" if self.interrupted else "")
        )
        return lines


def is_spec_name(path: str | Path) -> bool:
    return str(path).lower().endswith(SPEC_SUFFIXES)


def _has_magic(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def find_specs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Outcome]]:
    """Specs named by ``paths`` (files, directories searched recursively, globs), in order.

    Returns the specs found and an outcome for each argument that names nothing usable.
    """
    found: list[Path] = []
    missing: list[Outcome] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for arg in paths:
        text = str(arg)
        path = Path(text)
        if path.is_dir():
            matches = sorted(p for suffix in SPEC_SUFFIXES for p in path.rglob(f"*{suffix}"))
            if not matches:
                missing.append(Outcome(text, "bad-input", reason="no *.mou.yaml specs in it"))
            for match in matches:
                if match.is_file():
                    add(match)
        elif path.is_file():
            add(path)
        elif _has_magic(text):
            matches = sorted(Path(p) for p in glob.glob(text, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                missing.append(Outcome(text, "bad-input", reason="the pattern matches no file"))
            for match in files:
                add(match)
        else:
            missing.append(Outcome(text, "bad-input", reason="file not found"))
    return found, missing


def output_name(spec: Path, fmt: str = "docx") -> str:
    name = spec.name
    for suffix in SPEC_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    else:
        name = spec.stem
    return f"{name}.{fmt}"


def plan_outputs(
    specs: Sequence[Path], out_dir: Path, fmt: str, library_root: Path | None
) -> tuple[list[tuple[Path, Path]], list[Outcome]]:
    """Pair every spec with its output; refuse collisions and outputs onto inputs."""
    plan: list[tuple[Path, Path]] = []
    refused: list[Outcome] = []
    owners: dict[str, Path] = {}
    guard = OutputGuard(inputs=specs, library=library_root)
    for spec in specs:
        target = out_dir / output_name(spec, fmt)
        key = os.path.normcase(os.path.abspath(target))
        if key in owners:
            refused.append(
                Outcome(
                    str(spec),
                    "bad-input",
                    reason=f"writes the same output as {owners[key]}; "
                    "rename one of the two spec files",
                )
            )
            continue
        try:
            guard.check(target)
        except MouError as exc:
            refused.append(Outcome(str(spec), "bad-input", reason=exc.message))
            continue
        owners[key] = spec
        plan.append((spec, target))
    return plan, refused


# --- worker side ---------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(library_root: str | None, options: dict[str, Any]) -> None:
    """Runs once in each worker: ignore Ctrl-C (the parent decides), load the library."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inherited = _WORKER.get("inherited")  # forked from the parent: its library, as loaded
    if isinstance(inherited, Library) and str(inherited.root) == library_root:
        _WORKER["library"] = inherited
    else:
        _WORKER["library"] = Library.load(Path(library_root) if library_root else None)
    _WORKER["options"] = options
    _reuse_per_worker()
    rawcache.suspend()  # each spec is parsed once: caching it would only grow memory
    gc.freeze()  # the library lives as long as the worker: the collector need not rescan it
    gc.set_threshold(50_000, 50, 100)


def _reuse_per_worker() -> None:
    """Things every build would compute again that cannot change during one batch.

    Only ever called in a worker process (which lives for one batch): the requirement
    profiles are read once instead of once per spec, and each clause version's hash is
    checked against its recorded hash once instead of once per agreement that uses it.
    """
    from ..checks.rules import hash_drift as hash_drift_rule
    from ..sources.profiles import ProfileSet

    load_profiles = ProfileSet.load
    loaded_sets: dict[tuple[str, str | None], ProfileSet] = {}

    def load(root: Path | None = None) -> ProfileSet:
        key = (str(root), os.environ.get("MOU_PROFILES"))
        if key not in loaded_sets:
            loaded_sets[key] = load_profiles(root)
        return loaded_sets[key]

    ProfileSet.load = load  # type: ignore[method-assign]
    drift = hash_drift_rule.hash_drift
    drifts: dict[tuple[int, int], Any] = {}

    def cached_drift(loaded: Any, version: Any) -> Any:
        key = (id(loaded), version.version)
        if key not in drifts:
            drifts[key] = drift(loaded, version)
        return drifts[key]

    hash_drift_rule.hash_drift = cached_drift


def _peak_rss_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):  # pragma: no cover - not on POSIX
        return 0


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def build_one(spec: str, target: str) -> Outcome:
    """Build one spec in a worker (or in-process); every failure becomes an Outcome."""
    from .build import BuildBlocked, build

    started = time.perf_counter()
    library: Library = _WORKER["library"]
    options: dict[str, Any] = _WORKER["options"]
    try:
        result = build(spec, target, library=library, **options)
        outcome = Outcome(spec, "built", str(result.path), reason=result.stamp or "", seconds=0.0)
    except BuildBlocked as blocked:
        errors = blocked.check.errors
        first = f": {errors[0].message}" if errors else ""
        outcome = Outcome(spec, "failed", reason=f"{len(errors)} error(s){first}")
    except CheckFailed as exc:
        outcome = Outcome(spec, "failed", reason=_first_line(str(exc)))
    except MouError as exc:
        extra = len(getattr(exc, "errors", [])) - 1
        more = f" (and {extra} more)" if extra > 0 else ""
        outcome = Outcome(spec, "bad-input", reason=_first_line(str(exc)) + more)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug: report it for this file, carry on with the others
        outcome = Outcome(spec, "error", reason=f"{type(exc).__name__}: {exc}")
    outcome.seconds = time.perf_counter() - started
    outcome.rss_kb = _peak_rss_kb()
    outcome.pid = os.getpid()
    return outcome


def build_chunk(pairs: Sequence[tuple[str, str]]) -> list[Outcome]:
    """Several specs built one after the other in a worker: one round trip for them all.
    Each document is written (fsync, rename) in the background while the next is built;
    a spec counts as built once its document is on disk."""
    with written_in_background() as failed:
        outcomes = [build_one(spec, target) for spec, target in pairs]
    for outcome in outcomes:
        error = failed.get(outcome.output or "")
        if error is not None:
            outcome.status, outcome.output, outcome.reason = "bad-input", None, error.message
    return outcomes


# --- parent side ---------------------------------------------------------------------

#: specs sent to a worker at once: few round trips, yet every worker busy to the end
MAX_CHUNK = 8


def chunk_size(specs: int, jobs: int) -> int:
    """Specs per task: at most :data:`MAX_CHUNK`, and at least eight tasks per worker."""
    return max(1, min(MAX_CHUNK, specs // (jobs * 8)))


def _remove_temp_files(plan: Sequence[tuple[Path, Path]]) -> None:
    """Temporary files of atomic writes a killed worker could not clean up."""
    for _, target in plan:
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def build_many(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    jobs: int | None = None,
    *,
    library: Library | Path | str | None = None,
    template: str | Path | None = None,
    draft: bool = True,
    allow_errors: bool = False,
    fmt: str = "docx",
    profiles: list[str] | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Build every spec found under ``paths`` into ``out_dir``; never stops at a failure.

    ``jobs`` worker processes (default: the CPU count; 1 builds in this process).
    ``progress`` is called in this process after each spec, in completion order.
    On KeyboardInterrupt the pending builds are cancelled, running ones complete, and the
    result comes back with ``interrupted`` set (exit code 130).
    """
    started = time.perf_counter()
    if isinstance(library, Library):
        loaded = library
    else:
        loaded = Library.load(Path(library) if library is not None else None)
    library_root = loaded.root
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; -o must be a directory when building several specs")
    check_output_dir(out, library=library_root)
    if template is not None and not Path(template).is_file():
        raise InputError("template not found", hint="check the --template path")

    specs, outcomes = find_specs(paths)
    plan, refused = plan_outputs(specs, out, fmt, library_root)
    outcomes.extend(refused)
    jobs = max(1, jobs or os.cpu_count() or 1)
    options: dict[str, Any] = {
        "template": str(template) if template else None,
        "draft": draft,
        "allow_errors": allow_errors,
        "fmt": fmt,
        "profiles": profiles,
    }
    result = BatchResult(outcomes=outcomes, jobs=jobs)
    total = len(plan) + len(outcomes)
    report: Callable[[Outcome], None] | None = None
    if progress is not None:
        callback = progress

        def report(outcome: Outcome) -> None:
            callback(outcome, total)

        for outcome in outcomes:
            report(outcome)
    if plan:
        out.mkdir(parents=True, exist_ok=True)
    suspended = rawcache.suspend()
    try:
        if jobs == 1 or len(plan) <= 1:
            _run_inline(plan, loaded, options, result, report)
        else:
            _prepare_fork(loaded, fmt)
            _run_pool(plan, str(library_root), options, jobs, result, report)
    finally:
        rawcache.suspend(suspended)
        _WORKER.pop("inherited", None)
        if result.interrupted:
            _remove_temp_files(plan)
    done = {o.spec for o in result.outcomes}
    for spec, _ in plan:
        if str(spec) not in done:
            result.outcomes.append(Outcome(str(spec), "cancelled", reason="interrupted"))
    order = {str(spec): i for i, spec in enumerate(specs)}
    result.outcomes.sort(key=lambda o: order.get(o.spec, -1))
    result.seconds = time.perf_counter() - started
    return result


def _prepare_fork(library: Library, fmt: str) -> None:
    """Where workers are forked, they start with the parent's loaded library and the
    modules every build imports, instead of each loading and importing them again."""
    from . import build  # noqa: F401

    if fmt == "docx":
        from ..ooxml import write  # noqa: F401
    _WORKER["inherited"] = library


def _run_inline(
    plan: Sequence[tuple[Path, Path]],
    library: Library,
    options: dict[str, Any],
    result: BatchResult,
    progress: Callable[[Outcome], None] | None,
) -> None:
    _WORKER["library"] = library
    _WORKER["options"] = options
    try:
        for spec, target in plan:
            outcome = build_one(str(spec), str(target))
            result.outcomes.append(outcome)
            if progress:
                progress(outcome)
    except KeyboardInterrupt:
        result.interrupted = True
    finally:
        _WORKER.clear()


def _run_pool(
    plan: Sequence[tuple[Path, Path]],
    library_root: str,
    options: dict[str, Any],
    jobs: int,
    result: BatchResult,
    progress: Callable[[Outcome], None] | None,
) -> None:
    executor = ProcessPoolExecutor(
        max_workers=min(jobs, len(plan)),
        initializer=_init_worker,
        initargs=(library_root, options),
    )
    futures: dict[Future[list[Outcome]], list[str]] = {}
    size = chunk_size(len(plan), jobs)
    chunks = [
        [(str(spec), str(target)) for spec, target in plan[i : i + size]]
        for i in range(0, len(plan), size)
    ]
    try:
        # A bounded window of submitted work keeps cancellation quick and memory flat.
        window = jobs * 4
        chunks.reverse()
        while chunks or futures:
            while chunks and len(futures) < window:
                chunk = chunks.pop()
                futures[executor.submit(build_chunk, chunk)] = [spec for spec, _ in chunk]
            done, _ = wait(list(futures), return_when=FIRST_COMPLETED)
            for future in done:
                for outcome in _outcomes_of(future, futures.pop(future)):
                    result.outcomes.append(outcome)
                    if progress:
                        progress(outcome)
    except KeyboardInterrupt:
        result.interrupted = True
        for future in futures:
            future.cancel()
        try:  # running builds finish (they take milliseconds) and write whole files
            executor.shutdown(wait=True, cancel_futures=True)
        except KeyboardInterrupt:  # a second Ctrl-C: stop the workers now
            _terminate(executor)
        for future, specs in futures.items():
            if future.done() and not future.cancelled():
                result.outcomes.extend(_outcomes_of(future, specs))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _outcomes_of(future: Future[list[Outcome]], specs: list[str]) -> list[Outcome]:
    try:
        return future.result()
    except Exception as exc:  # the worker died (killed, out of memory)
        reason = f"worker failed: {type(exc).__name__}: {exc}"
        return [Outcome(spec, "error", reason=reason) for spec in specs]


def _terminate(executor: ProcessPoolExecutor) -> None:
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
