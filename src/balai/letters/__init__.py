"""Layanan dan surat desa."""
