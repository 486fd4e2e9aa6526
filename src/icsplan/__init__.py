"""icsplan: plan, model and track an integrated care system."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("icsplan")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"
