"""Round 7 of the loader: the manifest read with one stat and one unbuffered read (yamlio.read_text), a
plain manifest found inside its folder with one lstat (Resolver.plain_file), and the working directory
taken as it is on POSIX (problems.display). Each is compared with the general form it replaces, where
it applies and where it declines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cmscheck import problems, yamlio
from cmscheck.bundle.paths import Resolver
from cmscheck.problems import InputError, display


def _general_read_text(path: Path, shown: str, max_bytes: int = yamlio.MAX_BYTES) -> str:
    """yamlio.read_text as it was: is_file, stat, read_bytes, then the same checks of the bytes."""
    if not path.is_file():
        raise InputError([problems.Problem(shown, None, "", "file not found", "check the path and that the file exists")])
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError([problems.Problem(shown, None, "", f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                                           "split or shrink the file")])
    raw = path.read_bytes()
    wide = yamlio.wide_encoding(raw)
    if wide is not None:
        raise InputError([problems.Problem(shown, None, "", f"file is {wide} text, not UTF-8",
                                           "save it as UTF-8 (in Notepad: Save as, Encoding UTF-8; in an editor: encoding UTF-8)")])
    if b"\x00" in raw:
        raise InputError([problems.Problem(shown, None, "", "file is binary (contains NUL bytes), not YAML text", "save it as UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError([problems.Problem(shown, line, "", "file is not valid UTF-8 text", "save the file as UTF-8")]) from None


def _answer(fn, *args):
    try:
        return ("ok", fn(*args))
    except InputError as e:
        return ("problems", [p.format() for p in e.problems])
    except OSError as e:
        return ("oserror", type(e), e.errno)


@pytest.mark.parametrize("content", [b"", b"a: 1\n", b"a: 1\r\nb: 2\r\n", b"\xef\xbb\xbfa: 1\n", "名称: 钢铁\n".encode(),
                                     b"x" * 70_000 + b"\n", b"\xff\xfe a\x00", b"a\x00b", b"\xc3\x28"])
def test_read_text_equals_general(tmp_path, content):
    f = tmp_path / "m.yaml"
    f.write_bytes(content)
    assert _answer(yamlio.read_text, f, "m.yaml") == _answer(_general_read_text, f, "m.yaml")


@pytest.mark.parametrize("case", ["missing", "folder", "over", "fifo", "nul", "under_file"])
def test_read_text_declines_as_general(tmp_path, case):
    f = tmp_path / "m.yaml"
    if case == "folder":
        f.mkdir()
    elif case == "over":
        f.write_bytes(b"a: 1\n" * 100)
    elif case == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(f)
    elif case == "nul":
        f = tmp_path / "m\x00.yaml"
    elif case == "under_file":
        (tmp_path / "file").write_text("x")
        f = tmp_path / "file" / "m.yaml"
    limit = 100 if case == "over" else yamlio.MAX_BYTES
    assert _answer(yamlio.read_text, f, "m.yaml", limit) == _answer(_general_read_text, f, "m.yaml", limit)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind here")
def test_read_text_unreadable_raises_as_general(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text("a: 1\n")
    f.chmod(0)
    try:
        assert _answer(yamlio.read_text, f, "m.yaml") == _answer(_general_read_text, f, "m.yaml")
    finally:
        f.chmod(0o644)


@pytest.mark.parametrize("case", ["plain", "link_inside", "link_out", "missing", "folder", "fifo"])
def test_plain_file_means_resolved_inside(tmp_path, case):
    root = tmp_path / "b"
    root.mkdir()
    outside = tmp_path / "o.yaml"
    outside.write_text("a: 1\n")
    m = root / "cmscheck.yaml"
    if case == "plain":
        m.write_text("a: 1\n")
    elif case == "link_inside":
        (root / "real.yaml").write_text("a: 1\n")
        m.symlink_to(root / "real.yaml")
    elif case == "link_out":
        m.symlink_to(outside)
    elif case == "folder":
        m.mkdir()
    elif case == "fifo":
        os.mkfifo(m)
    resolver = Resolver(root)
    base = resolver.base
    general = base is not None and m.resolve().is_relative_to(base)
    if resolver.plain_file(m.name):  # the quick answer is only ever "inside", and only for a plain file
        assert general and m.is_file() and not m.is_symlink()
    else:
        assert case != "plain"


def test_plain_file_is_not_kept_as_an_answer(tmp_path):
    (tmp_path / "cmscheck.yaml").write_text("a: 1\n")
    resolver = Resolver(tmp_path)
    assert resolver.plain_file("cmscheck.yaml")
    assert not resolver._done  # the load's answers (paths asked by the manifest) are unchanged


def test_display_equals_resolving_the_working_directory(tmp_path, monkeypatch):
    real = tmp_path / "real"
    (real / "bundle").mkdir(parents=True)
    link = tmp_path / "link"
    link.symlink_to(real)
    for cwd in (real, link, tmp_path):
        monkeypatch.chdir(cwd)
        assert Path.cwd().resolve() == problems._real_cwd(Path.cwd())
        for path in (real / "bundle", link / "bundle", Path("bundle"), tmp_path / "elsewhere"):
            got = display(path)
            root = Path.cwd().resolve()
            try:
                want = str(path.resolve().relative_to(root))
            except ValueError:
                want = str(path)
            assert got == want
            assert display(path, base=real) == display(path, base=real, resolved=path.resolve())


def test_years_within_helpers_equal_what_they_replace():
    """_is_model(type(x)) is isinstance(x, BaseModel), and _date_getter gives the values the list of
    getattr calls gave, for every model of the manifest (and for values that are not models)."""
    import datetime as dt
    import typing

    from pydantic import BaseModel

    from cmscheck.bundle import models, data
    from cmscheck.bundle.pydantic_problems import _date_fields, _date_getter, _is_model, _years_within

    classes = [c for mod in (models, data) for c in vars(mod).values() if isinstance(c, type) and issubclass(c, BaseModel)]
    assert classes
    for cls in classes:
        assert _is_model(cls)
    for value in ([], (), {}, "x", 1, None, dt.date(2024, 1, 1), object()):
        assert _is_model(type(value)) is isinstance(value, BaseModel)

    class Dated(BaseModel):
        day: dt.date
        days: list[dt.date] = []
        note: str = ""

    class OneDate(BaseModel):
        day: typing.Optional[dt.date] = None

    class NoDate(BaseModel):
        note: str = ""

    for node in (Dated(day=dt.date(2024, 1, 2), days=[dt.date(1800, 1, 1)]), OneDate(day=dt.date(2024, 5, 5)), OneDate(), NoDate()):
        get = _date_getter(type(node))
        want = [getattr(node, name) for name in _date_fields(type(node))]
        assert (list(get(node)) if get is not None else []) == want
    assert _years_within(OneDate(day=dt.date(2024, 5, 5))) and not _years_within(OneDate(day=dt.date(1800, 5, 5)))
    assert not _years_within([NoDate(), [Dated(day=dt.date(2024, 1, 2), days=[dt.date(9999, 1, 1)])]])
