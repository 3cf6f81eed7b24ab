"""Pengaduan dan survei kepuasan."""
