"""Registry pages, one module per area of work."""
