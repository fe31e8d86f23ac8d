"""Remove Wagtail's English default groups and workflow, so only the Norwegian roles remain.

Wagtail's own migrations create the groups "Moderators" and "Editors" and the workflow
"Moderators approval" (with its task, assigned to the root page). `cms.roles.setup_roles`
creates the Norwegian groups and one approval workflow per body instead. A group that still has
members, or a task or workflow that has already been used, is renamed and kept (deactivated),
so nothing anyone relies on disappears.
"""

from django.db import migrations

GROUPS = {
    "Moderators": "Moderatorer (Wagtails standardgruppe)",
    "Editors": "Redaktører (Wagtails standardgruppe)",
}
WORKFLOW = "Moderators approval"
RENAMED_WORKFLOW = "Godkjenning av moderatorer (Wagtails standardflyt, avslått)"


def remove_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    for workflow in Workflow.objects.filter(name=WORKFLOW):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        if WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.name = RENAMED_WORKFLOW
            workflow.active = False
            workflow.save(update_fields=["name", "active"])
            workflow.workflow_pages.all().delete()
        else:
            workflow.delete()
        for task in Task.objects.filter(pk__in=task_ids, name=WORKFLOW):
            if TaskState.objects.filter(task=task).exists():
                task.name = RENAMED_WORKFLOW
                task.active = False
                task.save(update_fields=["name", "active"])
            elif not task.workflow_tasks.exists():
                task.delete()

    for name, renamed in GROUPS.items():
        for group in Group.objects.filter(name=name):
            if group.user_set.exists():
                group.name = renamed
                group.save(update_fields=["name"])
            else:
                group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]
