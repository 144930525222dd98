"""Shared fixtures live in tests/fixtures/, one module per kind of thing they start.

Property tests (hypothesis) run a fixed set of examples by default, with no time limit per
example: ``make test`` and CI must pass or fail the same way on every machine, however slow.
``make fuzz`` explores new random examples at length (``HYPOTHESIS_PROFILE=fuzz``); what it
finds becomes an ordinary test.
"""

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, deadline=None, database=None)
settings.register_profile("fuzz", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

pytest_plugins = [
    "tests.fixtures.server",
    "tests.fixtures.ngircd",
    "tests.fixtures.tls",
    "tests.fixtures.netns",
    "tests.fixtures.lan_netns",
    "tests.fixtures.interop_js",
]

# Nothing in the suite may announce or browse on the machine's real network: discovery tests
# turn it on only inside the private namespaces of tests/fixtures/lan_netns.py.
os.environ["GOFTO_DISCOVERY"] = "off"
