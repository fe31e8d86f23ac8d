"""The records JSON format: which fields of which model go where (see docs/import-format.md).

One description serves both directions. `dump()` turns a model object into the format (the
exporter, and the importer when it compares a page before and after an update); the importer's
`load()` writes a record back with the same description, so import(export(x)) round-trips.
"""

import copy
import hashlib
from dataclasses import dataclass, field

from django.db import models
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock

FORMAT_NAME = "radhus-records"
FORMAT_VERSION = 1
SOURCE = "records"  # ExternalKey.source of the format's person keys

# Written by the exporter, read by the importer for new pages only; never compared.
META_KEYS = ("first_published_at", "last_substantive_change_at")


@dataclass
class Spec:
    """The fields, references and inline rows of one model in the format.

    `refs` maps a foreign key to the kind of record it points to: person, body, case, meeting,
    plan or document. `rows` are the inline (Orderable) children, by their JSON key.
    """

    fields: tuple = ()
    refs: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    accessor: str = ""  # for rows: the child relation's name on the parent


def rows(accessor, fields=(), refs=None):
    return Spec(fields=tuple(fields), refs=refs or {}, accessor=accessor)


EXEMPT_ROW = ("exempt", "exempt_basis", "public_title")
PAGE_FIELDS = ("title", "slug", "language", "seo_title", "search_description")

PERSON = Spec(fields=("name", "title", "unit", "phone", "email"))

BODY = Spec(
    fields=(*PAGE_FIELDS, "kind", "short_name", "parent_organisation", "mandate"),
    refs={"contact": "person"},
    rows={"members": rows("members", ["role", "period_from", "period_to"], {"person": "person"})},
)

MEETING = Spec(
    fields=(
        *PAGE_FIELDS,
        "date",
        "start_time",
        "end_time",
        "place_name",
        "place_address",
        "video_url",
        "status",
        "status_reason",
        "intro",
    ),
    rows={
        "agenda": rows(
            "agenda_items", ["number", "kind", "title", "outcome", *EXEMPT_ROW], {"case": "case"}
        )
    },
)

INVITATION = Spec(
    fields=(
        *PAGE_FIELDS,
        "sender",
        "recipients",
        "letter",
        "audience",
        "practical_info",
        "closing",
        "electronically_approved",
        "registration_opens",
        "registration_deadline",
        "max_per_organisation",
        "capacity",
        "confirmation_text",
        "confirmation_email_text",
        "to_address",
        "from_address",
        "subject",
    ),
    refs={"contact_person": "person"},
    rows={
        "programme": rows("programme", ["start_time", "end_time", "title"]),
        "signatories": rows("signatories", ["role", "on_behalf"], {"person": "person"}),
        "form_fields": rows(
            "form_fields",
            ["label", "field_type", "required", "purpose", "choices", "default_value", "help_text"],
        ),
    },
)

MINUTES = Spec(
    fields=(*PAGE_FIELDS, "approval_status", "approved_at", "approved_by", "intro"),
    rows={
        "attendance": rows(
            "attendance", ["kind", "name", "organisation", "role"], {"person": "person"}
        ),
        "items": rows(
            "items",
            [
                "number",
                "kind",
                "title",
                "text",
                "decision",
                "unanimous",
                "votes_for",
                "votes_against",
                "votes_blank",
                *EXEMPT_ROW,
            ],
            {"case": "case"},
        ),
        "follow_ups": rows(
            "follow_ups",
            ["item_number", "action", "responsible_text", "deadline", "status"],
            {"responsible": "person"},
        ),
    },
)

CASE = Spec(
    fields=(
        *PAGE_FIELDS,
        "archive_reference",
        "status",
        "background",
        "facts",
        "assessment",
        "decision",
        "exempt",
        "exempt_basis",
    ),
    refs={"case_officer": "person", "rapporteur": "person"},
    rows={
        "flow": rows(
            "flow_steps", ["case_number", "decision"], {"body": "body", "meeting": "meeting"}
        ),
        "proposal": rows("proposal_points", ["text"]),
        "attachments": rows(
            "attachments", ["title", "document_date", *EXEMPT_ROW], {"document": "document"}
        ),
        "references": rows("references", ["title", "reference", "url"]),
    },
)

PLAN = Spec(
    fields=(
        *PAGE_FIELDS,
        "plan_type",
        "owning_unit",
        "period_from",
        "period_to",
        "document_date",
        "status",
        "hearing_deadline",
        "summary",
        "full_document_url",
        "full_document_text",
        "body",
    ),
    refs={"full_document": "document", "parent_plan": "plan", "replaced_by": "plan"},
    rows={
        "adoption_steps": rows(
            "adoption_steps", ["body_name", "date"], {"body": "body", "case": "case"}
        ),
        "authors": rows("authors", ["role"], {"person": "person"}),
        "related_plans": rows("related_plans", ["title", "description", "url"], {"plan": "plan"}),
        "attachments": rows("attachments", ["title"], {"document": "document"}),
    },
)


# Keys -------------------------------------------------------------------------------------


def person_key(person):
    """The stable key of a person: «name <email>», or the name alone."""
    return f"{person.name} <{person.email}>" if person.email else person.name


def case_key(case):
    return {"body": case.body_page.slug, "year": case.case_year, "number": case.case_number}


def meeting_key(meeting):
    return {"body": meeting.body_page.slug, "date": meeting.date.isoformat(), "slug": meeting.slug}


def file_sha256(file_field):
    digest = hashlib.sha256()
    with file_field.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_ref(obj):
    """A document or image: its title, file name and the SHA-256 of its bytes."""
    return {
        "title": obj.title,
        "filename": obj.file.name.rsplit("/", 1)[-1],
        "sha256": file_sha256(obj.file),
    }


def ref_out(kind, obj):
    if obj is None:
        return None
    if kind == "person":
        return person_key(obj)
    if kind in ("body", "plan"):
        return obj.slug
    if kind == "case":
        return case_key(obj)
    if kind == "meeting":
        return meeting_key(obj)
    if kind in ("document", "image"):
        return file_ref(obj)
    raise ValueError(kind)


# Values -----------------------------------------------------------------------------------


def value_out(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField | models.DateField):
        return value.isoformat()
    if isinstance(model_field, models.TimeField):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    return str(value) if not isinstance(value, bool | int | float) else value


def stream_ref(ref):
    """The StreamField side of `ref`: block values hold document and image ids."""

    def on_ref(kind, raw):
        if raw in (None, ""):
            return None
        if isinstance(raw, dict):  # already a reference
            return raw
        model = get_document_model() if kind == "document" else get_image_model()
        return ref(kind, model.objects.filter(pk=raw).first())

    return on_ref


def walk_stream(block, raw, on_ref):
    """Replace every document and image id in raw StreamField data by `on_ref(kind, value)`."""
    if raw is None:
        return None
    if isinstance(block, DocumentChooserBlock):
        return on_ref("document", raw)
    if isinstance(block, ImageChooserBlock):
        return on_ref("image", raw)
    if isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                child["value"] = walk_stream(child_block, child.get("value"), on_ref)
        return raw
    if isinstance(block, blocks.ListBlock):
        out = []
        for item in raw:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item["value"] = walk_stream(block.child_block, item["value"], on_ref)
                out.append(item)
            else:
                out.append(walk_stream(block.child_block, item, on_ref))
        return out
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            if name in raw:
                raw[name] = walk_stream(child_block, raw[name], on_ref)
        return raw
    return raw


def dump(obj, spec, ref=ref_out):
    """`obj` in the format, following `spec`; `ref(kind, obj)` writes references."""
    data = {}
    for name in spec.fields:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(model_field, StreamField):
            raw = copy.deepcopy(list(value.raw_data)) if value is not None else []
            data[name] = walk_stream(model_field.stream_block, raw, stream_ref(ref))
        else:
            data[name] = value_out(model_field, value)
    for name, kind in spec.refs.items():
        data[name] = ref(kind, getattr(obj, name))
    for key, row_spec in spec.rows.items():
        data[key] = [dump(row, row_spec, ref) for row in getattr(obj, row_spec.accessor).all()]
    return data


def dump_tags(page):
    """The page's tags in the order they were added (the order pages show them)."""
    return [item.tag.name for item in sorted(page.tagged_items.all(), key=tagged_order)]


def tagged_order(item):
    return (item.pk is None, item.pk or 0)
