from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="casepage",
            name="meetings_case_number_unique_per_body_and_year",
        ),
        migrations.RenameField(model_name="meetingpage", old_name="body", new_name="body_page"),
        migrations.RenameField(model_name="casepage", old_name="body", new_name="body_page"),
        migrations.AddConstraint(
            model_name="casepage",
            constraint=models.UniqueConstraint(
                fields=("body_page", "case_year", "case_number"),
                name="meetings_case_number_unique_per_body_and_year",
                violation_error_message="Saksnummeret er allerede brukt i dette organet.",
            ),
        ),
    ]
