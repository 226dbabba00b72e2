"""Domain types: plain dataclasses, enums and validation errors (standard library only)."""
