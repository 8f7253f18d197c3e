"""Marsad: counter-terrorism events from news, every field tied to its source passage."""
from __future__ import annotations

__version__ = "0.1.0"
