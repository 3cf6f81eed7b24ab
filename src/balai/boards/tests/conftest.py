"""The boards read every module: reuse those modules' fixtures."""

from balai.boards.tests.boards_fixtures import declared  # noqa: F401
from balai.complaints.tests.conftest import categories, file_complaint  # noqa: F401
from balai.facilities.tests.conftest import boundaries  # noqa: F401
from balai.letters.tests.conftest import (  # noqa: F401
    child,
    family,
    head,
    kades,
    make_request,
    pincara,
    village_settings,
)
