"""Build hook: copy the top-level data folders into the wheel as cmscheck/_data/<name>/.

The repository keeps standards/, rules/ and site/ at its top (they are data, read and reviewed as such);
a wheel must carry them inside the package. Everything else is declared in pyproject.toml. An editable
install (`pip install -e .`) needs no copy: cmscheck.paths reads the checkout's folders directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("standards", "rules", "site")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class build_py_with_data(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "cmscheck" / "_data"
        for name in DATA:
            if (target / name).exists():
                shutil.rmtree(target / name)  # a stale build/ must not keep deleted files
            shutil.copytree(ROOT / name, target / name, ignore=IGNORE)


setup(cmdclass={"build_py": build_py_with_data})
