"""icsplan: plan, model and track an integrated care system."""

#: the release, read by the build too (pyproject.toml: version = {attr = ...}), so that
#: knowing it costs no `importlib.metadata` at start-up (~30 ms of every command)
__version__ = "0.1.0"
