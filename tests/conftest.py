"""Shared fixtures live in tests/fixtures/, one module per kind of thing they start."""

pytest_plugins = ["tests.fixtures.server", "tests.fixtures.ngircd", "tests.fixtures.tls"]
