"""Where cmscheck finds its data: the catalog (standards/) and the rules (rules/).

They are data kept at the top of the repository, beside src/. An environment variable
overrides each, so a packaged install or a test can point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def standards_dir() -> Path:
    return Path(os.environ.get("CMSCHECK_STANDARDS", REPO_ROOT / "standards"))


def rules_dir() -> Path:
    return Path(os.environ.get("CMSCHECK_RULES", REPO_ROOT / "rules"))


def site_dir() -> Path:
    return Path(os.environ.get("CMSCHECK_SITE", REPO_ROOT / "site"))
