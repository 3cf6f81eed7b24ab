"""WHO 2006 Child Growth Standards z-scores and Permenkes 2/2020 nutrition status.

Pure Python and NumPy (no Django), so the engine can be used from the web app, from
the ``balai zscores`` batch command and from analysts' scripts alike.
"""

from .batch import BatchError, BatchReport, RowIssue, score_file
from .classify import (
    STATUS_LABELS,
    classify_bbtb,
    classify_bbu,
    classify_imtu,
    classify_tbu,
    status_label,
    status_labels,
)
from .rounding import round_half_away
from .zscores import (
    FLAG_LIMITS,
    ChildZScores,
    GrowthZScores,
    age_months_to_days,
    compute_zscores,
    implausible,
    score_child,
    zbmi,
    zlen,
    zwei,
    zwfl,
)

__all__ = [
    "FLAG_LIMITS",
    "STATUS_LABELS",
    "BatchError",
    "BatchReport",
    "ChildZScores",
    "GrowthZScores",
    "RowIssue",
    "age_months_to_days",
    "classify_bbtb",
    "classify_bbu",
    "classify_imtu",
    "classify_tbu",
    "compute_zscores",
    "implausible",
    "round_half_away",
    "score_child",
    "score_file",
    "status_label",
    "status_labels",
    "zbmi",
    "zlen",
    "zwei",
    "zwfl",
]
