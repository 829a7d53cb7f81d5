"""mou-builder: assemble, check, redline and finalise School Resource Officer agreements."""

__version__ = "0.1.0"

import os as _os

# pydantic looks up plugins through package entry points on first use; the project uses
# none, and the lookup costs a noticeable part of a `mou check` run.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
