"""The `cmscheck` command line. Each command lives in its own module; this one wires them up.

Exit codes: 0 nothing at or above the fail-on grade, 1 something is, 2 the input could not be
evaluated (a clear message on stderr, no traceback, nothing written), 3 a bug in cmscheck (a short
message in zh and en naming a log file that holds the traceback), 130 interrupted (Ctrl-C), 143
terminated (SIGTERM). Outputs are written atomically, so an interrupted run leaves earlier ones intact.
"""

from __future__ import annotations

import datetime as dt
import functools
import platform
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Callable

# Before the imports below (click, the pydantic models): see gcpolicy.py.
from .. import gcpolicy  # noqa: E402

gcpolicy.start_up()

import click  # noqa: E402 - after the threshold is raised

from ..i18n import of_context, t  # noqa: E402
from ..problems import InputError  # noqa: E402
from ..textsafe import one_line  # noqa: E402

EXIT_INPUT = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143  # 128 + SIGTERM
LOG_NAME = "cmscheck.log"
MAX_SHOWN = 200  # problems printed; a manifest broken everywhere would otherwise flood the terminal

# Called with every exception that ends a command as a bug (exit 3); the test suite hooks in here
# so that any exit 3 fails the test that caused it (tests/conftest.py).
BUG_HOOKS: list[Callable[[BaseException], None]] = []


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that `finally` blocks remove partial outputs."""


def _on_sigterm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise Terminated()


def _log_dirs() -> list[Path]:
    dirs = []
    try:
        import platformdirs
        dirs.append(Path(platformdirs.user_cache_dir("cmscheck", appauthor=False)))
    except Exception:  # platformdirs missing or no home folder: the temp folder will do
        pass
    dirs.append(Path(tempfile.gettempdir()))
    return dirs


def write_bug_log(err: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to a log file (as pre-commit does); its path, or None."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        ours = version("cmscheck")
    except PackageNotFoundError:
        ours = "unknown"
    text = (f"### cmscheck {ours} crashed at {dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}\n"
            f"command: {' '.join(sys.argv)}\npython: {sys.version.split()[0]} on {platform.platform()}\n\n"
            + "".join(traceback.format_exception(err)))
    for folder in _log_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / LOG_NAME
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _plain(text: str, limit: int = 200) -> str:
    """An exception's text for the terminal: control characters (from bundle text) removed, cut short."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _report_bug(err: BaseException) -> None:
    for hook in BUG_HOOKS:
        hook(err)
    path = write_bug_log(err)
    what = _plain(f"{type(err).__name__}: {err}")
    click.echo(f"cmscheck: unexpected error ({what}); this is a bug in cmscheck, not in your input.", err=True)
    click.echo("cmscheck：意外错误；这是 cmscheck 的缺陷，不是输入的问题。", err=True)
    if path is not None:
        click.echo(f"  Please report it with the log file / 请附上日志文件报告：{path}", err=True)
    else:  # no folder could take the log: show the traceback rather than lose it
        click.echo("  No log file could be written / 无法写入日志文件; the traceback:", err=True)
        click.echo("".join(traceback.format_exception(err)), err=True)


def _print_problems(err: InputError) -> None:
    lang, n = of_context(), len(err.problems)  # zh or en: --lang, else the locale
    click.echo(t("cli.problems", lang, n=n, s="s" if n != 1 else ""), err=True)
    for p in err.problems[:MAX_SHOWN]:
        click.echo("  " + p.format(lang).replace("\n", "\n  "), err=True)
    if n > MAX_SHOWN:
        click.echo(f"  … and {n - MAX_SHOWN:,} more problems: fix these first / 另有 {n - MAX_SHOWN:,} 个问题，请先修正以上问题", err=True)


def _sigterm_handler() -> object | None:
    """Install the SIGTERM handler (main thread only); return the previous one to restore."""
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):  # not the main thread
        return None


def report_input_errors(func):
    """The guard around every command: InputError → located messages and exit 2; Ctrl-C → 130;
    SIGTERM → 143; any other exception → exit 3 with "this is a bug" and a log file, never a bare traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        previous = _sigterm_handler()
        try:
            return func(*args, **kwargs)
        except InputError as err:
            _print_problems(err)
            sys.exit(EXIT_INPUT)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("cmscheck: interrupted; earlier outputs are left as they were / 已中断，先前的输出保持不变", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("cmscheck: terminated; earlier outputs are left as they were / 已终止，先前的输出保持不变", err=True)
            sys.exit(EXIT_TERMINATED)
        except Exception as err:  # the last line of defence: a bug must not show as a bare traceback
            _report_bug(err)
            sys.exit(EXIT_BUG)
        finally:
            if previous is not None:
                try:
                    signal.signal(signal.SIGTERM, previous)
                except (ValueError, OSError, TypeError):
                    pass

    return wrapper


guard = report_input_errors


class Group(click.Group):
    def main(self, args=None, *rest, **kwargs):  # click's usage errors exit 2 already, which matches ours
        from ..i18n import detect, clihelp
        clihelp.localize(self, detect(sys.argv[1:] if args is None else args))  # help and click in zh or en
        return super().main(args, *rest, **kwargs)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="cmscheck")
def main() -> None:
    """Check a carbon management system's evidence bundle against Chinese carbon-management standards."""


def _register() -> None:
    from . import standards as _standards
    main.add_command(_standards.standards)
    for name in ("validate", "evaluate", "schema", "site", "compare", "crosswalk", "rules", "init",
                 "checklist", "answers", "diff", "oscal"):
        try:
            module = __import__(f"{__name__}.{name}", fromlist=[name])
        except ModuleNotFoundError as e:
            if e.name == f"{__name__}.{name}":
                continue  # that command is not built yet
            raise
        main.add_command(getattr(module, name.replace("-", "_")))


_register()
