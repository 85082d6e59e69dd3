"""The shape of the code: data flows one way (catalog → bundle → facts → engine → findings →
assessment → renderers), renderers never import the engine, and no module grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "cmscheck"

# Lower layers never import higher ones. Value types and plumbing sit at the bottom.
LAYERS: list[tuple[str, ...]] = [
    ("__init__", "problems", "yamlio", "yaml_events", "validation", "paths", "dates", "findings", "assessment", "context", "units",
     "i18n", "evidence", "reference", "yaml_hints", "textsafe", "datacache", "trusted", "packed", "gcpolicy", "memo", "empty"),
    ("catalog", "crosswalk"),
    ("waivers", "bundle"),
    ("facts", "content", "applicability", "figures"),
    ("rules", "selection", "witness", "finding_ids"),
    ("engine",),
    ("evaluate",),
    ("compare", "thresholds", "pipeline", "init_templates", "tracking"),
    ("render", "site", "checklist"),
    ("batch", "cli", "__main__"),  # batch: the many-bundle run of `evaluate`, rendering each report
]
# Modules whose layer differs from their package's: the CLI help is localized with the catalog's ids.
SUBMODULE_LAYERS = {"i18n.clihelp": "cli"}
# Whatever their layer, renderers and the site show an assessment: they import none of these.
NEVER_FROM_RENDERERS = ("engine", "evaluate", "facts", "rules", "bundle", "pipeline", "batch", "content")


def _layer(top: str) -> int:
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"module group {top!r} has no layer in tests/test_architecture.py: add it where it belongs")


def _top(module: str) -> str:
    for sub, group in SUBMODULE_LAYERS.items():
        if module == sub or module.startswith(sub + "."):
            return group
    return module.split(".")[0]


def _imports(path: Path) -> list[tuple[str, int]]:
    """cmscheck-relative module names this file imports (relative and absolute imports)."""
    rel = path.relative_to(SRC).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                   for n in ast.walk(block)}  # imports for type annotations only never run
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                parts = base + (node.module.split(".") if node.module else [])
                if not node.module:
                    for alias in node.names:
                        sub = SRC.joinpath(*parts, alias.name)
                        is_module = sub.with_suffix(".py").is_file() or sub.is_dir()
                        out.append((".".join(parts + [alias.name]) if is_module else ".".join(parts) or "__init__", node.lineno))
                    continue
                out.append((".".join(parts) or "__init__", node.lineno))
            elif node.module and node.module.startswith("cmscheck"):
                out.append((node.module.removeprefix("cmscheck").lstrip(".") or "__init__", node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("cmscheck."):
                    out.append((alias.name.removeprefix("cmscheck."), node.lineno))
    return out


def _modules():
    return sorted(p for p in SRC.rglob("*.py"))


def test_no_module_imports_upward():
    bad = []
    for path in _modules():
        own = _top(str(path.relative_to(SRC).with_suffix("")).replace("/", "."))
        for target, line in _imports(path):
            t = _top(target)
            if t == own:
                continue
            if _layer(t) > _layer(own):
                bad.append(f"{path.relative_to(SRC)}:{line} imports {target} (layer {_layer(t)} above {own}'s {_layer(own)})")
    assert not bad, "\n".join(bad)


def test_renderers_and_site_never_import_the_engine_or_loaders():
    bad = []
    for path in _modules():
        own = _top(str(path.relative_to(SRC).with_suffix("")).replace("/", "."))
        if own not in ("render", "site"):
            continue
        for target, line in _imports(path):
            if _top(target) in NEVER_FROM_RENDERERS:
                bad.append(f"{path.relative_to(SRC)}:{line} imports {target}")
    assert not bad, "\n".join(bad)


def test_no_module_over_400_lines():
    long = [f"{p.relative_to(SRC)}: {n}" for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not long, "split these by concern: " + ", ".join(long)


def test_the_layer_check_can_fail(tmp_path):
    """The walker sees a relative upward import (a check that cannot fail proves nothing)."""
    fake = SRC / "facts" / "__probe_layers__.py"
    fake.write_text("from ..engine import run\n", encoding="utf-8")
    try:
        targets = [t for t, _ in _imports(fake)]
        assert targets == ["engine"] and _layer("engine") > _layer("facts")
    finally:
        fake.unlink()
