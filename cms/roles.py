"""Roles: who may edit, approve and publish where, and the helpers the apps' roles use.

- "Redaktører" (editors): everything below each site's home page, documents, images and
  workflows. The apps add their own roles through the `setup_roles` hook: plans in
  plans/roles.py, case officers and the per-body roles and workflows in meetings/roles.py.

`setup_roles()` is idempotent: running it again adds what is missing and changes nothing else.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail import hooks
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

EDITORS = "Redaktører"

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


@transaction.atomic
def setup_roles():
    """Create or complete the groups, permissions and workflows. Returns the groups by name."""
    groups = {}
    editors = groups[EDITORS] = ensure_group(EDITORS)
    for site in Site.objects.select_related("root_page"):
        grant_pages(editors, site.root_page, EVERYTHING)
    grant_files(editors, FILES_ALL)
    grant_model(editors, "wagtailcore.Workflow", ("add", "change", "delete"))
    for setup_app_roles in hooks.get_hooks("setup_roles"):
        groups.update(setup_app_roles())
    return groups
