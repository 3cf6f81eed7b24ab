"""Shared building blocks: base model, errors, audit trail, lookups, web shell."""
