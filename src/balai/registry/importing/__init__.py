"""OpenSID-compatible resident import and export (43 columns, XLSX/XLSM/CSV)."""
