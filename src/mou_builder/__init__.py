"""mou-builder: assemble, check, redline and finalise School Resource Officer agreements.

The public API is the names in :data:`__all__`; everything else is private and may change.
Each name is imported on first use, so ``import mou_builder`` (and ``mou --help``) stays
cheap::

    from mou_builder import Library, load_spec, assemble, run_check, build
    agreement = assemble(load_spec(path), Library.load())
    result = run_check(agreement)

The pipeline, one subpackage per stage: ``model`` (what an agreement is), ``sources`` (YAML
inputs), ``assemble``, ``checks``, ``compare``, ``ooxml`` (all Word XML), ``workflows`` (the
user operations), ``render`` (text, Markdown and JSON views) and ``cli``.
"""

from __future__ import annotations

import importlib
import os as _os

TYPE_CHECKING = False  # not typing's: importing typing costs more than a replayed `mou check`

__version__ = "0.1.0"

# pydantic looks up plugins through package entry points on first use; the project uses
# none, and the lookup costs a noticeable part of a `mou check` run.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

#: public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "Library": "sources.library",
    "ProfileSet": "sources.profiles",
    "load_spec": "sources.specfile",
    "Agreement": "model.agreement",
    "assemble": "assembly.assembler",
    "assemble_file": "assembly.assembler",
    "run_check": "checks.engine",
    "CheckResult": "checks.engine",
    "Finding": "checks.findings",
    "build": "workflows.build",
    "build_many": "workflows.batch",
    "redline": "workflows.redline",
    "review": "workflows.review",
    "accept": "workflows.accept",
    "make_final": "workflows.final",
    "verify": "workflows.verify",
    "make_packet": "workflows.packet",
    "MouError": "errors",
    "InputError": "errors",
    "CheckFailed": "errors",
}

__all__ = [
    "Agreement",
    "CheckFailed",
    "CheckResult",
    "Finding",
    "InputError",
    "Library",
    "MouError",
    "ProfileSet",
    "__version__",
    "accept",
    "assemble",
    "assemble_file",
    "build",
    "build_many",
    "load_spec",
    "make_final",
    "make_packet",
    "redline",
    "review",
    "run_check",
    "verify",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mou_builder' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from .assembly.assembler import assemble, assemble_file
    from .checks.engine import CheckResult, run_check
    from .checks.findings import Finding
    from .errors import CheckFailed, InputError, MouError
    from .model.agreement import Agreement
    from .sources.library import Library
    from .sources.profiles import ProfileSet
    from .sources.specfile import load_spec
    from .workflows.accept import accept
    from .workflows.batch import build_many
    from .workflows.build import build
    from .workflows.final import make_final
    from .workflows.packet import make_packet
    from .workflows.redline import redline
    from .workflows.review import review
    from .workflows.verify import verify
