"""Fixtures of the command-line tests: the small synthetic population of the population tests."""

from tests.population.conftest import small_pop  # noqa: F401  (a fixture, used by name)
