"""Form rendering shared by every app."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class BalaiFormRenderer(DjangoTemplates):
    """Django's templates, with a checkbox inside its own label (beside its text)."""

    field_template_name = "core/forms/field.html"
