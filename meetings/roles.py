"""The roles of the meetings section and of each body, keyed by the body, not by its title.

- "Saksbehandlere" (case officers): create and edit below every body, never publish.
- per body: "Sekretærer – <body>" create and edit inside that body only, never publish;
  "Ledere – <body>" approve and publish inside that body.
- per body: the workflow "Godkjenning – <body>", one group approval task for the body's
  leaders and the editors, so what secretaries and case officers submit is approved there.

`BodyRoles` links a body to its groups, workflow and task, so renaming a body keeps them (their
names follow the new title). They are created when a body is created (`post_save` of
BodyPage) and completed by `manage.py setup_roles`; both are safe to repeat.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask
from wagtail.signals import page_published

from cms.roles import (
    EDIT,
    EDITORS,
    FILES_CONTRIBUTE,
    PUBLISH,
    ensure_group,
    grant_files,
    grant_model,
    grant_pages,
)

from .models import BodyPage, BodyRoles

CASE_OFFICERS = "Saksbehandlere"
SECRETARIES = "Sekretærer – {body}"
LEADERS = "Ledere – {body}"
WORKFLOW = "Godkjenning – {body}"
TASK = "Godkjenning av leder eller redaktør – {body}"


def named(model, name):
    """The object called `name`, or a new one."""
    return model.objects.filter(name=name).first() or model.objects.create(name=name)


def keep_name(obj, name):
    """Rename `obj` to follow its body's title, unless another object already has that name."""
    if obj.name != name and not type(obj).objects.filter(name=name).exists():
        obj.name = name
        obj.save(update_fields=["name"])


@transaction.atomic
def ensure_body_roles(body):
    """The secretaries, leaders and approval workflow of `body`; returns {name: group}."""
    title = body.title
    roles = (
        BodyRoles.objects.filter(body=body)
        .select_related("secretaries", "leaders", "workflow", "task")
        .first()
    )
    if roles is None:
        # Adopt the groups that an earlier setup_roles created by title.
        roles = BodyRoles.objects.create(
            body=body,
            secretaries=ensure_group(SECRETARIES.format(body=title)),
            leaders=ensure_group(LEADERS.format(body=title)),
            workflow=named(Workflow, WORKFLOW.format(body=title)),
            task=named(GroupApprovalTask, TASK.format(body=title)),
        )
    for obj, pattern in [
        (roles.secretaries, SECRETARIES),
        (roles.leaders, LEADERS),
        (roles.workflow, WORKFLOW),
        (roles.task, TASK),
    ]:
        keep_name(obj, pattern.format(body=title))

    editors = ensure_group(EDITORS)
    case_officers = ensure_group(CASE_OFFICERS)
    for group, codenames in [
        (roles.secretaries, EDIT),
        (roles.leaders, PUBLISH),
    ]:
        grant_pages(group, body, codenames)
        grant_files(group, FILES_CONTRIBUTE)
        grant_model(group, "meetings.Person", ("view",))
    grant_pages(case_officers, body, EDIT)

    workflow = roles.workflow
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    roles.task.groups.add(roles.leaders, editors)
    if not WorkflowTask.objects.filter(workflow=workflow, task=roles.task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=roles.task, sort_order=workflow.workflow_tasks.count()
        )
    WorkflowPage.objects.update_or_create(page=body.page_ptr, defaults={"workflow": workflow})
    return {roles.secretaries.name: roles.secretaries, roles.leaders.name: roles.leaders}


def setup_meeting_roles():
    """The `setup_roles` hook of the meetings section."""
    editors = ensure_group(EDITORS)
    grant_model(editors, "meetings.Person", ("add", "change", "delete", "view"))
    case_officers = ensure_group(CASE_OFFICERS)
    grant_files(case_officers, FILES_CONTRIBUTE)
    grant_model(case_officers, "meetings.Person", ("view",))
    groups = {CASE_OFFICERS: case_officers}
    for body in BodyPage.objects.order_by("path"):
        groups.update(ensure_body_roles(body))
    return groups


@receiver(post_save, sender=BodyPage)
def create_body_roles(sender, instance, created, raw=False, **kwargs):
    """A new body gets its groups and workflow at once, not only when setup_roles runs."""
    if created and not raw:
        ensure_body_roles(instance)


@receiver(page_published, sender=BodyPage)
def rename_body_roles(sender, instance, **kwargs):
    """A renamed body keeps its groups and workflow; their names follow the new title."""
    ensure_body_roles(instance)
