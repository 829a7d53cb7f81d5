"""Requirement profiles: what a governing policy demands, as data (``profiles/*.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, InputErrors, Location
from ..model.schema import Profile, Requirement
from ..util import readset
from .shipped import PROFILES_ORDER, profile_directory
from .validate import load_model


def default_profiles_path() -> Path:
    """The profiles by the documented lookup order (:data:`shipped.PROFILES_ORDER`)."""
    return profile_directory(None).path


@dataclass
class ResolvedProfile:
    """A profile with the requirements it inherits, child entries overriding by id."""

    profile: Profile
    path: Path
    requirements: list[Requirement]
    rules: dict[str, dict[str, object]] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.profile.id


@dataclass
class ProfileSet:
    """The profile directory; files are read on demand (a check reads only its profiles)."""

    root: Path
    _cache: dict[str, tuple[Profile, Path]] = field(default_factory=dict)
    _complete: bool = False

    @classmethod
    def load(cls, root: Path | None = None) -> ProfileSet:
        root = Path(root) if root is not None else default_profiles_path()
        readset.probed(root)
        if not root.is_dir():
            raise InputError(
                "profile directory not found",
                Location(str(root)),
                f"lookup order: {PROFILES_ORDER}",
            )
        return cls(root=root)

    @property
    def profiles(self) -> dict[str, tuple[Profile, Path]]:
        """Every profile, validated (all errors reported together)."""
        if not self._complete:
            errors: list[InputError] = []
            for path in sorted(self.root.glob("*.yaml")):
                try:
                    self._read(path)
                except InputErrors as exc:
                    errors.extend(exc.errors)
                except InputError as exc:
                    errors.append(exc)
            if errors:
                raise InputErrors(errors)
            self._complete = True
        return self._cache

    def _read(self, path: Path) -> tuple[Profile, Path]:
        if path.stem in self._cache:
            return self._cache[path.stem]
        profile, raw = load_model(Profile, path)
        if profile.id != path.stem:
            raise InputError(
                f"profile id '{profile.id}' does not match the file name '{path.name}'",
                Location(str(path), *raw.value_marks.get("id", (1, 1))),
            )
        from ..checks import rules  # here, not at the top: rules/base.py imports this module

        for rule_id in profile.rules:  # a misspelt rule must not be ignored silently
            try:
                rules.get(rule_id)
            except InputError as exc:
                mark = raw["rules"].key_marks.get(rule_id, (1, 1))
                raise InputError(exc.message, Location(str(path), *mark), exc.hint) from None
        self._cache[profile.id] = (profile, path)
        return profile, path

    def get(self, profile_id: str) -> tuple[Profile, Path] | None:
        path = self.root / f"{profile_id}.yaml"
        if profile_id in self._cache:
            return self._cache[profile_id]
        readset.probed(path)
        if "/" in profile_id or not path.is_file():
            return None
        return self._read(path)

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.root.glob("*.yaml"))

    def _suggest(self, wrong: str) -> str:
        """The closest profile id, else the profiles whose jurisdiction or title name ``wrong``."""
        import difflib

        close = difflib.get_close_matches(wrong, self.ids(), n=1)
        if close:
            return f"did you mean '{close[0]}'?"
        word = wrong.strip().lower()
        named = []
        for profile_id in self.ids():
            try:
                entry = self.get(profile_id)
            except InputError:
                continue
            if entry is not None and len(word) > 1:
                profile = entry[0]
                state = getattr(profile, "state", None) or ""
                where = f"{profile.jurisdiction} {profile.title} {state}".lower()
                if word in where.split() or (len(word) > 3 and word in where):
                    named.append(f"'{profile_id}' ({profile.jurisdiction})")
        if named:
            return f"did you mean {' or '.join(named[:3])}?"
        return "run `mou profiles list`"

    def resolve(self, profile_id: str, where: Location | None = None) -> ResolvedProfile:
        return self._resolve(profile_id, where, ())

    def _resolve(
        self, profile_id: str, where: Location | None, stack: tuple[str, ...]
    ) -> ResolvedProfile:
        if profile_id in stack:
            raise InputError(
                f"profile inheritance loops: {' -> '.join([*stack, profile_id])}",
                where,
            )
        entry = self.get(profile_id)
        if entry is None:
            raise InputError(f"unknown profile '{profile_id}'", where, self._suggest(profile_id))
        profile, path = entry
        requirements: dict[str, Requirement] = {}
        rules: dict[str, dict[str, object]] = {}
        chain: list[str] = []
        for parent_id in profile.extends:
            parent = self._resolve(parent_id, Location(str(path)), (*stack, profile_id))
            for req in parent.requirements:
                requirements[req.id] = req
            for name, options in parent.rules.items():
                rules.setdefault(name, {}).update(options)
            chain.extend(c for c in parent.chain if c not in chain)
        for req in profile.requirements:
            requirements[req.id] = req
        for name, options in profile.rules.items():
            rules.setdefault(name, {}).update(options)
        chain.append(profile_id)
        return ResolvedProfile(profile, path, list(requirements.values()), rules, chain)
