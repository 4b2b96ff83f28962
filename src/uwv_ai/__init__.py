"""uwv-ai: the UWV employer survey on AI at work as a tested DuckDB warehouse."""

__version__ = "0.1.0"
