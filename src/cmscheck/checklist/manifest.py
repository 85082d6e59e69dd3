"""Put imported answers and exclusions into cmscheck.yaml by editing its text, not by re-dumping it.

Only the top-level `answers:` and `exclusions:` blocks change: an entry for a statement the import
settles is removed (its lines), the new entries are appended at the end of the block, and a missing
block is added at the end of the file. Every other line, comments included, stays as it was. Where the
lines of an entry are comes from PyYAML's node marks; a block written in flow style (`answers: []`) is
rewritten whole in block style.
"""

from __future__ import annotations

import yaml


def entry_text(entries: list[dict]) -> str:
    """Entries as block-sequence items indented under a top-level key."""
    if not entries:
        return ""
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    return "".join("  " + line + "\n" for line in dumped.splitlines())


def _top_blocks(text: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}


def update(text: str, answers: list[dict], exclusions: list[dict]) -> str:
    """The manifest text with `answers` and `exclusions` merged in (an entry per statement, newest wins;
    a statement answered now leaves exclusions and the other way round)."""
    settled = {e["statement"] for e in answers} | {e["statement"] for e in exclusions}
    text = _merge(text, "answers", answers, settled)
    return _merge(text, "exclusions", exclusions, settled)


def _merge(text: str, key: str, new: list[dict], settled: set[str]) -> str:
    if not text.endswith("\n"):
        text += "\n"
    lines = text.splitlines(keepends=True)
    block = _top_blocks(text).get(key)
    if block is None:
        return text + (f"\n{key}:\n" + entry_text(new) if new else "")
    knode, vnode = block
    start, end = knode.start_mark.line, _end_line(vnode, lines)
    if isinstance(vnode, yaml.SequenceNode) and not vnode.flow_style:
        kept: list[str] = []
        items = vnode.value
        for i, item in enumerate(items):
            a = _item_start(item, lines)
            b = _item_start(items[i + 1], lines) if i + 1 < len(items) else end
            if _statement(item) not in settled:
                kept.extend(lines[a:b])
        head = lines[start:_item_start(items[0], lines)] if items else [f"{key}:\n"]
        body = "".join(head) + "".join(kept)
        if not body.endswith("\n"):
            body += "\n"
        body += entry_text(new)
    else:  # `answers: []`, `answers:` (null) or flow style: rewrite the block
        old = yaml.safe_load("".join(lines[start:end])) or {}
        keep = [e for e in (old.get(key) or []) if isinstance(e, dict) and e.get("statement") not in settled]
        body = f"{key}:\n" + entry_text(keep + new)
    return "".join(lines[:start]) + body + "".join(lines[end:])


def _item_start(item: yaml.Node, lines: list[str]) -> int:
    """The line where an item starts: its `- ` line (comment lines just above belong to it too)."""
    line = item.start_mark.line
    while line > 0 and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line


def _end_line(vnode: yaml.Node, lines: list[str]) -> int:
    """The first line after the block: a block collection's end mark sits at the start of the next
    token's line; trailing comment and blank lines there belong to what follows."""
    end = vnode.end_mark.line + (1 if vnode.end_mark.column > 0 else 0)
    end = min(end, len(lines))
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")) and end - 1 > vnode.start_mark.line:
        end -= 1
    return end


def _statement(item: yaml.Node) -> str | None:
    if isinstance(item, yaml.MappingNode):
        for k, v in item.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "statement" and isinstance(v, yaml.ScalarNode):
                return v.value
    return None
