"""Population statistics: cross-tabs, pyramid, monthly report, public suppression, XLSX.

Every figure is a count (numerator) with its denominator per area and period,
summed up the tree by code prefix (villages → kecamatan → kabupaten), never an
average of percentages. Village and higher levels read ``summary`` (one cached
row per village, recomputed when the registry changes or the day changes);
dusun/RW/RT are counted live.
"""
