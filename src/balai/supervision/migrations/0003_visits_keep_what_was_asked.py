"""Visits already started keep the questions and instrument names they were asked."""

from typing import Any

from django.db import migrations


def keep_what_was_asked(apps: Any, schema_editor: Any) -> None:
    Visit = apps.get_model("supervision", "Visit")
    Question = apps.get_model("supervision", "Question")
    through = Visit.questions.through
    rows = []
    for visit in Visit.objects.exclude(status="direncanakan").prefetch_related("instruments"):
        instruments = list(visit.instruments.all())
        if not instruments:
            continue
        visit.instrument_names = {str(i.pk): i.name for i in instruments}
        visit.save(update_fields=["instrument_names"])
        rows += [
            through(visit_id=visit.pk, question_id=pk)
            for pk in Question.objects.filter(instrument__in=instruments).values_list(
                "pk", flat=True
            )
        ]
    through.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_questions_retire_and_visits_keep_what_was_asked")]

    operations = [migrations.RunPython(keep_what_was_asked, migrations.RunPython.noop)]
