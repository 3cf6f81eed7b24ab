"""The population register: residents, families, households and life events."""
