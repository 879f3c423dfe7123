"""Tidings: a self-hosted news platform.

Everything public is re-exported here; the rest of the package is internal.
"""

from tidings.errors import TidingsError

__all__ = ["TidingsError", "__version__"]
__version__ = "0.1.0.dev0"
