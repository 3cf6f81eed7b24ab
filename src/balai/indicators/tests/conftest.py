"""The SPM table reads letters and complaints: reuse those modules' fixtures."""

from balai.complaints.tests.conftest import categories, file_complaint  # noqa: F401
from balai.letters.tests.conftest import (  # noqa: F401
    family,
    head,
    make_request,
    pincara,
    village_settings,
)
