"""Who may see content exempt from public access, and which documents are public.

A document is public when a live, public page uses it (an attachment row, a field such as a
plan's full document, or a link in rich text; Wagtail's `ReferenceIndex` finds them all) and
no page uses it in exempt content: an exempt case, an exempt attachment, agenda item or
minutes item (also one whose case is exempt). A document nothing published uses yet (just
uploaded, or attached to a page waiting for approval) is not public either.

Who may open a document that is not public: whoever may change it (its uploader, the editors)
and whoever may edit a page that uses it, in its published content or its latest draft. A
secretary of one body therefore sees its own body's documents and no other body's; a plan
editor sees the plans' documents only.
"""

import re

from django.contrib.contenttypes.models import ContentType
from modelcluster.models import get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, Page, ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import CaseAttachment
from .models.mixins import ExemptRowMixin


def user_sees_exempt(user):
    """Editors (anyone with access to the Wagtail admin) see exempt content in previews."""
    return bool(user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


def document_references(document_ids=None):
    """(document id, page id, content path) of every page's reference to a document."""
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        base_content_type=ContentType.objects.get_for_model(Page),
    )
    if document_ids is not None:
        references = references.filter(to_object_id__in=[str(pk) for pk in document_ids])
    return [
        (int(document_id), int(page_id), content_path)
        for document_id, page_id, content_path in references.values_list(
            "to_object_id", "object_id", "content_path"
        )
    ]


def _exempt_rows(pages, references):
    """{(page id, relation, row id)} of the referencing rows that are exempt or missing."""
    wanted = {}
    for _document_id, page_id, path in references:
        parts = path.split(".")
        if len(parts) >= 3 and parts[1].isdigit():
            wanted.setdefault(parts[0], set()).add((page_id, int(parts[1])))
    exempt = set()
    models = {}
    for page in pages.values():
        for relation in get_all_child_relations(page):
            models[relation.get_accessor_name()] = relation.related_model
    for accessor, rows in wanted.items():
        model = models.get(accessor)
        if model is None or not issubclass(model, ExemptRowMixin):
            continue
        row_ids = {row_id for _page_id, row_id in rows}
        existing = set(model.objects.filter(pk__in=row_ids).values_list("pk", flat=True))
        hidden = set(
            model.objects.filter(pk__in=row_ids).exempt_for_public().values_list("pk", flat=True)
        )
        for page_id, row_id in rows:
            if row_id in hidden or row_id not in existing:
                exempt.add((page_id, accessor, row_id))
    return exempt


def public_document_ids(document_ids=None):
    """The ids (of `document_ids`, or of all documents) that the public may download."""
    references = document_references(document_ids)
    page_ids = {page_id for _document_id, page_id, _path in references}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    public_pages = set(
        Page.objects.filter(pk__in=page_ids).live().public().values_list("pk", flat=True)
    )
    exempt_rows = _exempt_rows(pages, references)
    used_publicly, exempt = set(), set()
    for document_id, page_id, path in references:
        page = pages.get(page_id)
        parts = path.split(".")
        row = (page_id, parts[0], int(parts[1])) if len(parts) >= 3 and parts[1].isdigit() else None
        if (
            page is None
            or getattr(page, "is_exempt_for_public", False)
            or (row is not None and row in exempt_rows)
        ):
            exempt.add(document_id)
        elif page_id in public_pages:
            used_publicly.add(document_id)
    # Attachment rows are checked directly as well: they are exempt however they were saved.
    attachments = CaseAttachment.objects.exempt_for_public()
    if document_ids is not None:
        attachments = attachments.filter(document_id__in=document_ids)
    exempt |= set(attachments.values_list("document_id", flat=True))
    return used_publicly - exempt


def document_is_public(document):
    return document.pk in public_document_ids([document.pk])


def document_is_exempt(document):
    """True when the document is an exempt attachment, or attached to an exempt case."""
    return CaseAttachment.objects.exempt_for_public().filter(document_id=document.pk).exists()


def _sees_every_document(user):
    """Superusers and the editors, who may change every document (not just their own)."""
    if user.is_superuser:
        return True
    return GroupCollectionPermission.objects.filter(
        group__user=user,
        collection=Collection.get_first_root_node(),
        permission__codename="change_document",
        permission__content_type=ContentType.objects.get_for_model(get_document_model()),
    ).exists()


def _draft_document_links(page_ids):
    """{document id} linked from the latest revisions (drafts) of the pages `page_ids`."""
    linked = set()
    pages = Page.objects.filter(pk__in=page_ids, has_unpublished_changes=True).select_related(
        "latest_revision"
    )
    for page in pages:
        content = page.latest_revision.content if page.latest_revision else None
        for value in _walk(content):
            if isinstance(value, dict) and isinstance(value.get("document"), int):
                linked.add(value["document"])
            elif isinstance(value, str) and "document" in value:
                linked |= {int(pk) for pk in DOCUMENT_LINK_RE.findall(value)}
    return linked


DOCUMENT_LINK_RE = re.compile(r'<a[^>]*linktype="document"[^>]*\sid="(\d+)"')


def _walk(value):
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def documents_user_may_see(user, document_ids):
    """Of `document_ids` (not public), those `user` may open in the admin or download."""
    document_ids = set(document_ids)
    if not document_ids or not (user and user.is_authenticated and user.is_active):
        return set()
    if _sees_every_document(user):
        return document_ids
    Document = get_document_model()
    visible = set(
        Document.objects.filter(pk__in=document_ids, uploaded_by_user=user).values_list(
            "pk", flat=True
        )
    )
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    editable_ids = set(editable.values_list("pk", flat=True))
    for document_id, page_id, _path in document_references(document_ids):
        if page_id in editable_ids:
            visible.add(document_id)
    visible |= _draft_document_links(editable_ids) & document_ids
    return visible


def user_may_download(user, document):
    if document_is_public(document):
        return True
    return document.pk in documents_user_may_see(user, [document.pk])


def hidden_document_ids(user, document_ids=None):
    """The documents (of `document_ids`, or all) whose titles `user` may not see."""
    Document = get_document_model()
    public = public_document_ids(document_ids)
    if document_ids is None:
        document_ids = Document.objects.values_list("pk", flat=True)
    restricted = set(document_ids) - public
    return restricted - documents_user_may_see(user, restricted)


def hidden_page_ids(user, pages):
    """Pages of `pages` never published (or withdrawn) that `user` may not edit."""
    if user.is_superuser:
        return set()
    not_live = set(pages.filter(live=False).values_list("pk", flat=True))
    if not not_live:
        return set()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return not_live - set(editable.filter(pk__in=not_live).values_list("pk", flat=True))
