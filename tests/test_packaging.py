"""The install a user gets: a wheel that carries the catalog, rules and site templates, run away from the
checkout; and the data lookup of cmscheck.paths (override, wheel copy, checkout)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from cmscheck import paths
from cmscheck.problems import InputError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "standards", "rules", "site")


def _can_build_wheels() -> bool:
    import importlib.util

    import setuptools

    major_minor = tuple(int(x) for x in setuptools.__version__.split(".")[:2])
    return importlib.util.find_spec("wheel") is not None or major_minor >= (70, 1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (the worktree gets no build/ or egg-info)."""
    work = tmp_path_factory.mktemp("build")
    src = work / "cmscheck"
    src.mkdir()
    for name in SHIPPED:
        from_, to = ROOT / name, src / name
        if from_.is_dir():
            shutil.copytree(from_, to, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(from_, to)
    # Without build isolation when this interpreter can build wheels (no network needed), else as pip does.
    isolation = ["--no-build-isolation"] if _can_build_wheels() else []
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation,
                            "-w", str(work / "dist"), str(src)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    found = list((work / "dist").glob("cmscheck-*.whl"))
    assert len(found) == 1, found
    return found[0]


def test_wheel_carries_the_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("cmscheck/_data/standards/vocabulary.yaml", "cmscheck/_data/standards/units.txt",
                 "cmscheck/_data/standards/gwp.yaml", "cmscheck/_data/standards/crosswalk.yaml",
                 "cmscheck/_data/rules/documents.yaml", "cmscheck/_data/site/mkdocs.yml.j2",
                 "cmscheck/i18n/terms.yaml", "cmscheck/i18n/problems.yaml",
                 "cmscheck/init_templates/cmscheck.yaml.tmpl", "cmscheck/init_templates/policy.zh.md"):
        assert name in names, name
    # every file of the data folders, subfolders included (standards/sources/, rules/content/, ...)
    for top in ("standards", "rules", "site"):
        for f in (ROOT / top).rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                assert f"cmscheck/_data/{top}/{f.relative_to(ROOT / top).as_posix()}" in names, f
    assert not any("__pycache__" in n for n in names)


def test_wheel_installs_and_evaluates_away_from_the_checkout(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    # A venv of its own for the wheel; the dependencies come from this interpreter's site-packages through
    # PYTHONPATH, which (unlike system_site_packages) runs no .pth file, so no editable cmscheck can win.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps",
                                "--force-reinstall", str(wheel)], env=clean, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMSCHECK_") and k != "PYTHONPATH"}
    env["LANG"] = "C.UTF-8"
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p.endswith("site-packages"))
    where = subprocess.run([str(py), "-c", "import cmscheck.paths as p; print(p.standards_dir()); print(p.rules_dir())"],
                           cwd=outside, env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    where = where.stdout.split()
    assert all("site-packages" in w and "_data" in w for w in where), where
    cli = env_dir / "bin" / "cmscheck"
    run = subprocess.run([str(cli), "evaluate", str(ROOT / "examples" / "hubei-steel"), "--fail-on", "never"],
                         cwd=outside, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "湖北楚岳钢铁有限公司" in run.stdout and "Traceback" not in run.stderr
    first = outside / "first"
    made = subprocess.run([str(cli), "init", str(first)], cwd=outside, env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([str(cli), "validate", "first"], cwd=outside, env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_checkout_data_is_found_without_an_install():
    # This test run imports cmscheck from src/ (editable install or PYTHONPATH=src): the checkout's folders.
    for name, found in (("standards", paths.standards_dir()), ("rules", paths.rules_dir()), ("site", paths.site_dir())):
        if (Path(paths.__file__).parent / "_data").is_dir():
            pytest.skip("running from an installed wheel")
        assert found == ROOT / name


def test_environment_overrides_win(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("CMSCHECK_RULES", str(tmp_path))
    assert paths.rules_dir() == tmp_path


def test_missing_data_is_a_located_message(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("CMSCHECK_SITE", raising=False)
    monkeypatch.setattr(paths, "REPO_ROOT", tmp_path)
    if (paths.package_root() / paths.DATA_PACKAGE).is_dir():
        pytest.skip("running from an installed wheel")
    with pytest.raises(InputError) as err:
        paths.site_dir()
    (problem,) = err.value.problems
    assert "site/" in problem.message and "CMSCHECK_SITE" in problem.fix


def test_package_root_is_a_real_folder():
    assert isinstance(paths.package_root(), Path) and (paths.package_root() / "__init__.py").is_file()
