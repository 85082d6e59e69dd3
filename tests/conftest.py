import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # test helpers such as seedunits.py

# The parsed-catalog cache (datacache.py) of the whole run, CLI subprocesses included, goes to a
# temporary folder, never into the user's cache.
os.environ["CMSCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="cmscheck-test-cache-")
atexit.register(shutil.rmtree, os.environ["CMSCHECK_CACHE_DIR"], True)

# Hypothesis profiles for the fuzz tests (tests/test_fuzz*.py). "short" (loaded here) keeps the whole fuzz run
# under about a minute on 2 cores; "long" is for a release: pytest --hypothesis-profile=long.
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("short", max_examples=40, deadline=None, derandomize=True, database=None,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    settings.register_profile("long", max_examples=2000, deadline=None, database=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    settings.load_profile("short")
except ImportError:  # hypothesis is a test dependency; without it the fuzz tests are skipped
    pass


def pytest_configure(config):
    config.addinivalue_line("markers", "expect_bug: the test provokes exit 3 (a bug report) on purpose")


@pytest.fixture(autouse=True)
def _no_bug_exit(request, monkeypatch, tmp_path_factory):
    """Fail any test during which a command ended with exit 3 ("this is a bug in cmscheck"), even if
    the test itself only looked at other things. Bug logs go to a temporary folder, not the user's cache."""
    from cmscheck import cli

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    seen: list[BaseException] = []
    monkeypatch.setattr(cli, "BUG_HOOKS", [seen.append])
    yield
    if seen and request.node.get_closest_marker("expect_bug") is None:
        import traceback
        pytest.fail("a command exited 3 (bug in cmscheck):\n" + "".join(traceback.format_exception(seen[0])), pytrace=False)
