"""Tombstones keyed by (OParl type, URL key), so that rows and people can have them too."""

from django.db import migrations, models


def copy_page_ids(apps, schema_editor):
    Tombstone = apps.get_model("opendata", "Tombstone")
    for tombstone in Tombstone.objects.all():
        tombstone.key = str(tombstone.page_id)
        tombstone.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_tombstones")]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="key",
            field=models.CharField(default="", max_length=40, verbose_name="nøkkel"),
            preserve_default=False,
        ),
        migrations.RunPython(copy_page_ids, migrations.RunPython.noop),
        migrations.RemoveField(model_name="tombstone", name="page_id"),
        migrations.AddConstraint(
            model_name="tombstone",
            constraint=models.UniqueConstraint(
                fields=("oparl_type", "key"), name="opendata_tombstone_unique"
            ),
        ),
    ]
