"""Balai: village public services and their oversight."""
