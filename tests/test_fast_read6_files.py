"""Round 6, reading: limits.read_within (one unbuffered open, one fstat, reads to the end) gives what
path.stat() then path.read_bytes() gave, and read_file's results and refusals for text files are the same
as before: a file over its limit is too large even when it cannot be opened, a missing or unopenable file
is unreadable with the same reason, a folder is refused as before. And the plain ledger readers, which
read through it too, still decline what they declined."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cmscheck.bundle.ledgers import _plain_text, plain_ledger
from cmscheck.evidence import limits, read_file


def _general(path: Path, limit: int) -> tuple[int, bytes | None]:
    """What read_file did before round 6: stat for the size, then read_bytes when within the limit."""
    size = path.stat().st_size
    return (size, None) if size > limit else (size, path.read_bytes())


CONTENTS = [b"", b"x", b"# \xe6\xa0\x87\xe9\xa2\x98\n\ntext\n", b"a\r\nb\r\n", b"\xef\xbb\xbfbom", b"\x00\x01binary",
            bytes(range(256)) * 300]


@pytest.mark.parametrize("content", CONTENTS, ids=range(len(CONTENTS)))
@pytest.mark.parametrize("limit", [0, 1, 100, 10 * limits.MB])
def test_read_within_is_stat_then_read_bytes(tmp_path, content, limit):
    path = tmp_path / "f.md"
    path.write_bytes(content)
    assert limits.read_within(path, limit) == _general(path, limit)
    assert limits.read_within(str(path), limit) == _general(path, limit)


def test_read_within_follows_a_link(tmp_path):
    (tmp_path / "real.md").write_bytes(b"abc")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    assert limits.read_within(tmp_path / "link.md", 10) == (3, b"abc")


def _error(call):
    with pytest.raises(OSError) as e:
        call()
    return type(e.value), e.value.errno, e.value.strerror


def test_read_within_raises_as_pathlib_raises(tmp_path):
    missing = tmp_path / "missing.md"
    assert _error(lambda: limits.read_within(missing, 10)) == _error(lambda: _general(missing, 10))
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert _error(lambda: limits.read_within(folder, 10 ** 6))[1:] == _error(lambda: _general(folder, 10 ** 6))[1:]
    size = folder.stat().st_size
    assert limits.read_within(folder, size - 1) == (size, None)  # a folder over a tiny limit: too large, as before


def test_an_unopenable_file_is_too_large_when_over_the_limit_else_unreadable(tmp_path, monkeypatch):
    path = tmp_path / "secret.md"
    path.write_bytes(b"x" * 50)
    real_open = os.open

    def refuse(p, *a, **k):
        if os.fspath(p) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(p))
        return real_open(p, *a, **k)

    monkeypatch.setattr(os, "open", refuse)
    assert limits.read_within(path, 10) == (50, None)
    with pytest.raises(PermissionError):
        limits.read_within(path, 100)
    big = read_file(path, "secret.md", max_bytes=10)
    assert big.status == "too_large" and big.meta == {"bytes": 50, "limit": 10}
    small = read_file(path, "secret.md")
    assert small.status == "unreadable" and small.reason == "the file cannot be opened: Permission denied"
    assert _plain_text(path, "secret.csv", None, None) is None


def test_read_within_reads_to_the_end_of_a_file_that_grew(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    real_fstat = os.fstat

    class Small:  # the file as fstat saw it before it grew
        def __init__(self, st):
            self.st_size = 1

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    assert limits.read_within(path, 10) == (1, b"abc")


@pytest.mark.parametrize("name,content", [("a.md", "# 标题\n\n正文\n"), ("a.txt", "一\n\n二\n"), ("a.csv", "month,x\n2024-01,1\n"),
                                          ("a.md", ""), ("a.md", "a\r\nb"), ("a.csv", 'a,"b\nc"\n')])
def test_text_files_read_as_before(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = read_file(path, name)
    assert result.status == "read" and result.encoding == "utf-8"
    assert read_file(path, name, max_bytes=max(len(content.encode()) - 1, 0)).status == ("too_large" if content else "read")


@pytest.mark.parametrize("raw,status", [(b"%PDF-1.4 ...", "unreadable"), (b"PK\x03\x04rest", "unreadable"),
                                        (b"a\x00b", "unreadable"), (b"\xff\xfeh\x00i\x00", "read"),
                                        (b"\xb1\xea\xcc\xe2", "read")])
def test_sniffing_and_decoding_are_unchanged(tmp_path, raw, status):
    path = tmp_path / "x.md"
    path.write_bytes(raw)
    assert read_file(path, "x.md").status == status


def test_missing_and_folder_are_unreadable_with_the_reason_they_had(tmp_path):
    missing = read_file(tmp_path / "none.md", "none.md")
    assert missing.status == "unreadable" and missing.reason == "the file cannot be opened: No such file or directory"
    (tmp_path / "dir.md").mkdir()
    folder = read_file(tmp_path / "dir.md", "dir.md")
    assert folder.status == "unreadable" and folder.reason == "the file cannot be opened: Is a directory"


def test_plain_ledger_declines_over_its_limit_and_reads_within(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("month,x\n2024-01,1.5\n2024-02,2\n", encoding="utf-8")
    size = path.stat().st_size
    assert plain_ledger(path, "l.csv", None, max_bytes=size - 1) is None
    table = plain_ledger(path, "l.csv", None, max_bytes=size)
    assert table is not None and table.values == {(2024, 1): 1.5, (2024, 2): 2.0}
    assert plain_ledger(tmp_path / "none.csv", "none.csv", None) is None
