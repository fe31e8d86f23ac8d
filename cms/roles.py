"""Roles and approval workflows: who may edit, approve and publish where.

- "Redaktører" (editors): everything below the home page, snippets, documents and images.
- "Planredaktører" (plan editors): the plans section.
- "Saksbehandlere" (case officers): create and edit below every body, never publish.
- per body: "Sekretærer – <body>" create and edit inside that body only, never publish;
  "Ledere – <body>" approve and publish inside that body.
- per body: the workflow "Godkjenning – <body>", one group approval task for the body's
  leaders and the editors, so what secretaries and case officers submit is approved there.

`setup_roles()` is idempotent: running it again adds what is missing and changes nothing else.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Redaktører"
PLAN_EDITORS = "Planredaktører"
CASE_OFFICERS = "Saksbehandlere"
SECRETARIES = "Sekretærer – {body}"
LEADERS = "Ledere – {body}"
WORKFLOW = "Godkjenning – {body}"
TASK = "Godkjenning av leder eller redaktør – {body}"

EDIT = ("add_page", "change_page")
PUBLISH = (*EDIT, "publish_page", "lock_page", "unlock_page")
EVERYTHING = (*PUBLISH, "bulk_delete_page")
# Uploading and choosing files for attachments; changing them stays with whoever uploaded.
FILES_CONTRIBUTE = {
    "wagtaildocs": ("add_document", "choose_document"),
    "wagtailimages": ("add_image", "choose_image"),
}
FILES_ALL = {
    "wagtaildocs": ("add_document", "change_document", "delete_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "delete_image", "choose_image"),
}


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permission(codename):
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=codename
    )


def ensure_group(name):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    return group


def grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(codename)
        )


def grant_files(group, files):
    root = Collection.get_first_root_node()
    for app_label, codenames in files.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission(app_label, codename)
            )


def grant_model(group, label, actions):
    model = apps.get_model(label)
    content_type = ContentType.objects.get_for_model(model)
    for action in actions:
        group.permissions.add(
            Permission.objects.get(
                content_type=content_type, codename=f"{action}_{model._meta.model_name}"
            )
        )


def ensure_body_workflow(body, leaders, editors):
    """The approval workflow of one body, assigned to the body's page (its whole subtree)."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW.format(body=body.title))
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK.format(body=body.title)).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK.format(body=body.title))
    task.groups.add(leaders, editors)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )
    WorkflowPage.objects.update_or_create(page=body.page_ptr, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_roles():
    """Create or complete the groups, permissions and workflows. Returns the groups by name."""
    from home.models import HomePage

    groups = {}
    editors = groups[EDITORS] = ensure_group(EDITORS)
    for home in HomePage.objects.all():
        grant_pages(editors, home, EVERYTHING)
    grant_files(editors, FILES_ALL)
    grant_model(editors, "meetings.Person", ("add", "change", "delete", "view"))
    grant_model(editors, "wagtailcore.Workflow", ("add", "change", "delete"))

    plan_editors = groups[PLAN_EDITORS] = ensure_group(PLAN_EDITORS)
    for index in apps.get_model("plans.PlanIndexPage").objects.all():
        grant_pages(plan_editors, index, PUBLISH)
    grant_files(plan_editors, FILES_CONTRIBUTE)

    case_officers = groups[CASE_OFFICERS] = ensure_group(CASE_OFFICERS)
    grant_files(case_officers, FILES_CONTRIBUTE)
    grant_model(case_officers, "meetings.Person", ("view",))

    for body in apps.get_model("meetings.BodyPage").objects.order_by("path"):
        secretaries = groups[SECRETARIES.format(body=body.title)] = ensure_group(
            SECRETARIES.format(body=body.title)
        )
        grant_pages(secretaries, body, EDIT)
        grant_files(secretaries, FILES_CONTRIBUTE)
        grant_model(secretaries, "meetings.Person", ("view",))

        leaders = groups[LEADERS.format(body=body.title)] = ensure_group(
            LEADERS.format(body=body.title)
        )
        grant_pages(leaders, body, PUBLISH)
        grant_files(leaders, FILES_CONTRIBUTE)
        grant_model(leaders, "meetings.Person", ("view",))

        grant_pages(case_officers, body, EDIT)
        ensure_body_workflow(body, leaders, editors)
    return groups
