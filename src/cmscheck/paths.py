"""Where cmscheck finds its data: the catalog (standards/), the rules (rules/) and the site templates (site/).

In the repository they sit at the top, beside src/ (a checkout or `pip install -e .` reads them there).
A wheel carries them inside the package, as cmscheck/_data/<name>/ (setup.py copies them at build time),
read through importlib.resources. CMSCHECK_STANDARDS, CMSCHECK_RULES and CMSCHECK_SITE override each,
so a test or an organization's own catalog can point elsewhere.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .problems import InputError, Problem

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_PACKAGE = "_data"  # cmscheck/_data/{standards,rules,site} inside a built wheel

_ENV = {"standards": "CMSCHECK_STANDARDS", "rules": "CMSCHECK_RULES", "site": "CMSCHECK_SITE"}


class DataMissing(InputError):
    """cmscheck's own data is not where an install puts it: a broken install. The CLI reports it like bad
    input (a located message, exit 2, no traceback)."""

    def __init__(self, where: str, message: str, fix: str):
        super().__init__([Problem(where, None, "", message, fix)])


def package_root() -> Path:
    """The installed cmscheck package as a real folder (files() of a regular package on disk is a Path)."""
    root = resources.files("cmscheck")
    if not isinstance(root, Path):
        raise DataMissing(str(root), "cmscheck is installed inside an archive, not as a folder on disk",
                          "install it with pip or pipx (they unpack it), not as a zipped import")
    return root


def data_dir(name: str) -> Path:
    """The folder `name` (standards, rules, site): the environment override, the wheel's copy, or the checkout's."""
    override = os.environ.get(_ENV[name])
    if override:
        return Path(override)
    packaged = package_root() / DATA_PACKAGE / name
    if packaged.is_dir():
        return packaged
    checkout = REPO_ROOT / name
    if checkout.is_dir():
        return checkout
    raise DataMissing(str(packaged), f"cmscheck's {name}/ folder is missing (also not in {checkout})",
                      f"reinstall cmscheck, or set {_ENV[name]} to a folder holding it")


def standards_dir() -> Path:
    return data_dir("standards")


def rules_dir() -> Path:
    return data_dir("rules")


def site_dir() -> Path:
    return data_dir("site")
