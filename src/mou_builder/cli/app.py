"""The ``mou`` command group, run the ordinary way (click parses, the command runs).

Each command lives in a small module of this package and is registered in
:data:`COMMANDS`. Command modules import heavy libraries (python-docx, docxtpl, lxml) only
inside the commands that write or read Word files, so ``mou check`` stays fast.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from ..errors import InputErrors, MouError
from ..sources.lookup import CLAUSES_ORDER
from .examples import epilog

# command name -> "module:attribute" inside this package
COMMANDS: dict[str, str] = {
    "clauses": "clauses:clauses",
    "check": "check:check",
    "build": "build:build",
    "outdated": "specs:outdated",
    "upgrade": "specs:upgrade",
    "new": "specs:new",
    "profiles": "profiles:profiles",
    "final": "final:final",
    "verify": "final:verify",
    "packet": "final:packet",
    "publish": "publish:publish",
    "status": "final:status",
    "redline": "redline:redline",
    "diff": "redline:diff",
    "review": "review:review",
    "accept": "review:accept",
    "import": "importing:import_",
    "translations": "translations:translations",
}

#: command name -> its one-line description in `mou --help`, so the list imports no
#: command module (tests/test_cli_help.py holds each equal to the command's own)
SUMMARIES: dict[str, str] = {
    "accept": "Write the next revision of SPEC with the accepted changes of RETURNED.docx.",
    "build": "Check SPEC, then write it as a board-ready document.",
    "check": "Check SPEC against its requirement profiles and the built-in lint rules.",
    "clauses": "Browse the versioned clause library.",
    "diff": "Show what changed from OLD to NEW, clause by clause.",
    "final": "Write the clean copy of SPEC the board approves, with its manifest.",
    "import": "Read AGREEMENT (.docx, .pdf, .txt, .md) and write a spec that rebuilds it.",
    "new": "Scaffold a new agreement spec in DIRECTORY with the clauses PROFILE requires.",
    "outdated": "List pinned clause versions behind the latest approved version (exit 1 if any).",
    "packet": (
        "Write the board packet for SPEC: agreement for approval, compliance matrix, redline "
        "against PRIOR and a plain-language change memo."
    ),
    "profiles": "List and show requirement profiles (what each governing policy demands).",
    "publish": (
        "Write SPEC as an accessible web page per language (and PDFs) to post for the community."
    ),
    "redline": "Write NEW as a Word document with every difference from OLD as tracked changes.",
    "review": "List every tracked change and comment of RETURNED.docx, clause by clause.",
    "status": (
        "List the agreements under DIRECTORY, most urgent first (expired, then soonest to "
        "expire), with supersession, gaps between terms, review and notice deadlines."
    ),
    "translations": "Show the state of clause translations (missing, stale, draft, approved).",
    "upgrade": "Move pins to the latest approved versions and show what changed in each clause.",
    "verify": "Check that DOCUMENT is byte for byte the approved record copy.",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists it)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(f"{__package__}.{module_name}")
        command: click.Command = getattr(module, attr)
        if command.epilog is None:
            command.epilog = epilog(cmd_name)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command names the closest one: ``mou chek`` -> did you mean 'check'?"""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "run `mou --help` for the commands"
            raise click.UsageError(f"no such command '{name}'; {hint}", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list with each command's whole first sentence, never cut short."""
        rows = []
        for name in self.list_commands(ctx):
            if name in SUMMARIES:
                rows.append((name, SUMMARIES[name]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Turn the project's errors into one line each and their exit code."""
        try:
            return super().invoke(ctx)
        except MouError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mou-builder", prog_name="mou")
@click.option(
    "--library",
    "library",
    type=click.Path(file_okay=False, path_type=str),
    help=f"Clause library directory. Lookup order: {CLAUSES_ORDER}.",
)
@click.pass_context
def mou(ctx: click.Context, library: str | None) -> None:
    """Assemble, check, redline and finalise School Resource Officer agreements."""
    ctx.ensure_object(dict)
    ctx.obj["library"] = library


def report_error(exc: MouError) -> None:
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    for error in errors:
        click.echo(f"mou: error: {error}", err=True)


def run_normally(argv: list[str] | None = None) -> Any:
    """``mou ARGV`` (default: ``sys.argv[1:]``): parse, run the command, report errors."""
    # A short-lived process allocating many small objects (YAML nodes, models, XML) and
    # freeing few: the default collector thresholds make the cyclic GC rescan the growing
    # heap over and over (past 1,000 clauses it dominated the run), so collect rarely.
    gc.set_threshold(50_000, 50, 100)
    try:
        return mou.main(args=argv, prog_name="mou", standalone_mode=False)
    except MouError as exc:  # raised outside a command (e.g. while resolving one)
        report_error(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("mou: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("mou: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
