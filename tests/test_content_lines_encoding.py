"""A passage's line is found in the text as its reader decoded it, whatever the file's encoding.

Before, content facts read a Markdown or text file a second time to find a passage's line and decoded it
as UTF-8 with replacement characters: in a file saved as GB18030 (what Chinese Windows saves) or UTF-16
no Chinese passage was found, and its line fell back to the section's guess (29 of the steel example's
30 Markdown citations were one or two lines short).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from cmscheck.bundle.loader import load_bundle
from cmscheck.catalog import load_catalog
from cmscheck.content.facts import content

ROOT = Path(__file__).resolve().parents[1]
STEEL = ROOT / "examples" / "hubei-steel"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _cited_lines(bundle, catalog) -> list[tuple[str, int | None]]:
    return [(r.file, r.line) for _, refs in content(bundle, catalog) for r in refs
            if r is not None and r.file and r.file.endswith(".md")]


def _saved_as(tmp_path: Path, encoding: str) -> Path:
    folder = tmp_path / encoding
    shutil.copytree(STEEL, folder)
    for md in sorted(folder.rglob("*.md")):
        md.write_bytes(md.read_text(encoding="utf-8").encode(encoding))
    return folder


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_a_file_in_another_encoding_cites_the_lines_its_utf8_twin_cites(tmp_path, catalog, encoding):
    utf8 = _cited_lines(load_bundle(STEEL, catalog), catalog)
    other = load_bundle(_saved_as(tmp_path, encoding), catalog)
    assert {r.encoding for rel, r in other.readings.items() if rel.endswith(".md")} == {encoding}
    assert len([line for _, line in utf8 if line is not None]) >= 25
    assert _cited_lines(other, catalog) == utf8


def test_a_reading_without_its_text_is_decoded_again_as_the_reader_decoded_it(tmp_path, catalog):
    """A reading that kept no text (dataclasses.replace keeps fields only) reads the file again, decoded
    with the encoding the reader used: the same lines."""
    bundle = load_bundle(_saved_as(tmp_path, "gb18030"), catalog)
    kept = _cited_lines(bundle, catalog)
    bare = {rel: dataclasses.replace(r) for rel, r in bundle.readings.items()}
    assert all(r.text is None for r in bare.values())
    assert any(r.text is not None for r in bundle.readings.values())
    assert _cited_lines(dataclasses.replace(bundle, readings=bare), catalog) == kept
    assert kept == _cited_lines(load_bundle(STEEL, catalog), catalog)
