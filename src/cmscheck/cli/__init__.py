"""The `cmscheck` command line. Each command lives in its own module; this one wires them up.

Exit codes: 0 nothing at or above the fail-on grade, 1 something is, 2 the input could not be
evaluated (a clear message on stderr, no traceback, nothing written).
"""

from __future__ import annotations

import functools
import sys

import click

from ..problems import InputError

EXIT_INPUT = 2


def report_input_errors(func):
    """Turn InputError into a located message on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputError as err:
            n = len(err.problems)
            click.echo(f"cmscheck: {n} problem{'s' if n != 1 else ''} in the input:", err=True)
            for p in err.problems:
                click.echo("  " + p.format().replace("\n", "\n  "), err=True)
            sys.exit(EXIT_INPUT)

    return wrapper


class Group(click.Group):
    def main(self, *args, **kwargs):  # click's usage errors exit 2 already, which matches ours
        return super().main(*args, **kwargs)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="cmscheck")
def main() -> None:
    """Check a carbon management system's evidence bundle against Chinese carbon-management standards."""


def _register() -> None:
    from . import standards as _standards
    main.add_command(_standards.standards)
    for name in ("validate", "evaluate", "schema", "site", "compare", "crosswalk", "rules",
                 "checklist", "answers", "diff", "oscal"):
        try:
            module = __import__(f"{__name__}.{name}", fromlist=[name])
        except ModuleNotFoundError as e:
            if e.name == f"{__name__}.{name}":
                continue  # that command is not built yet
            raise
        main.add_command(getattr(module, name.replace("-", "_")))


_register()
