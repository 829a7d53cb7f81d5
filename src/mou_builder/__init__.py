"""mou-builder: assemble, check, redline and finalise School Resource Officer agreements."""

__version__ = "0.1.0"
