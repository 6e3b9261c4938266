"""tintuc: a static news-archive site generator for Vietnamese agency news."""

__version__ = "0.1.0"
