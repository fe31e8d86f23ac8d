"""A stable key for every row that may be exempt (agenda items, minutes items, attachments).

Existing rows get a key of their own, and every stored revision that names a row by its id
gets that row's key, so old versions stay traceable to the row's current exemption.
"""

import uuid

from django.db import migrations, models

ROWS = [
    # (row model, page model, accessor in revision content)
    ("agendaitem", "meetingpage", "agenda_items"),
    ("minutesitem", "minutespage", "items"),
    ("caseattachment", "casepage", "attachments"),
]


def fill_keys(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for row_model, page_model, accessor in ROWS:
        Row = apps.get_model("meetings", row_model)
        keys = {}
        for row in Row.objects.filter(key__isnull=True).only("pk"):
            row.key = uuid.uuid4()
            row.save(update_fields=["key"])
            keys[row.pk] = str(row.key)
        content_type = ContentType.objects.filter(app_label="meetings", model=page_model).first()
        if content_type is None or not keys:
            continue
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            rows = (revision.content or {}).get(accessor) or []
            changed = False
            for row in rows:
                if not row.get("key") and row.get("pk") in keys:
                    row["key"] = keys[row["pk"]]
                    changed = True
            if changed:
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0006_case_chief_executive_title_agenda_item_title_from_case"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=row_model,
                name="key",
                field=models.UUIDField(blank=True, null=True, verbose_name="nøkkel"),
            )
            for row_model, _page, _accessor in ROWS
        ],
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=row_model,
                name="key",
                field=models.UUIDField(blank=True, default=uuid.uuid4, verbose_name="nøkkel"),
            )
            for row_model, _page, _accessor in ROWS
        ],
        *[
            migrations.AddConstraint(
                model_name=row_model,
                constraint=models.UniqueConstraint(
                    fields=("page", "key"), name=f"meetings_{row_model}_key_unique_per_page"
                ),
            )
            for row_model, _page, _accessor in ROWS
        ],
    ]
