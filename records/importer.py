"""Read the records JSON format into the site (docs/import-format.md).

Every record (a person, a body, a meeting with its invitation and minutes, a case, a plan) is
imported in its own transaction: a record that fails is reported by kind, key and field and
left out entirely, and the others go in. Pages are saved as revisions and published, so their
public history works; a record whose content equals the page's is left alone (no revision).

Meetings and cases point at each other (agenda items at cases, case flow at meetings). A new
record whose references are to records later in the file is first saved as an unpublished
draft, then completed and published in a second pass; if that fails the draft is deleted.
"""

import base64
import binascii
import contextlib
import copy
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from meetings.models import (
    BodyIndexPage,
    BodyPage,
    CasePage,
    InvitationPage,
    MeetingPage,
    MinutesPage,
    Person,
)
from plans.models import PlanIndexPage, PlanPage

from . import formats
from .models import ExternalKey

SCHEMA_PATH = Path(__file__).parent / "schema" / "records.schema.json"
KINDS = ("people", "bodies", "meetings", "cases", "plans")
KIND_LABELS = {
    "people": "person",
    "bodies": "organ",
    "meetings": "møte",
    "cases": "sak",
    "plans": "plan",
}
IMPORT_NOTE = "Importert"


def load_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class RecordError(Exception):
    """A record cannot be imported: `errors` is a list of (field path, message)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class Deferred(Exception):
    """An existing page refers to a record later in the file: import it in the second pass."""


class Rollback(Exception):
    pass


def record_label(kind, raw):
    """«møte dialogforum 2024-05-01»: the kind and key of a record, for the report."""
    raw = raw if isinstance(raw, dict) else {}
    if kind == "people":
        key = raw.get("key") or raw.get("name")
    elif kind in ("bodies", "plans"):
        key = raw.get("slug")
    elif kind == "meetings":
        key = " ".join(str(raw.get(k)) for k in ("body", "date") if raw.get(k) is not None)
    else:
        key = f"{raw.get('body')} {raw.get('number')}/{raw.get('year')}"
    return f"{KIND_LABELS[kind]} «{key}»"


def schema_message(error):
    """The jsonschema error in Norwegian, with the field it is about."""
    instance = error.instance
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (instance or {})]
        return missing[0] if missing else "", _("feltet mangler")
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(instance or {}) - allowed)
        return (extra[0] if extra else ""), _("ukjent felt")
    if error.validator == "type":
        return "", _("skal være av typen %(type)s, ikke %(value)s") % {
            "type": error.validator_value,
            "value": json.dumps(instance, ensure_ascii=False)[:60],
        }
    if error.validator == "enum":
        return "", _("må være en av %(values)s") % {
            "values": ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        }
    if error.validator in ("format", "pattern"):
        return "", _("har feil format: %(value)s") % {
            "value": json.dumps(instance, ensure_ascii=False)[:60]
        }
    if error.validator in ("minimum", "maximum", "minLength", "maxLength"):
        return "", _("er utenfor det tillatte (%(rule)s %(limit)s)") % {
            "rule": error.validator,
            "limit": error.validator_value,
        }
    return "", error.message


def field_path(parts):
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(data):
    """Schema errors as ({(kind, index): [(field, message)]}, [top-level messages])."""
    validator = Draft202012Validator(load_schema(), format_checker=FormatChecker())
    per_record, general = {}, []
    for error in validator.iter_errors(data):
        path = list(error.absolute_path)
        extra_field, message = schema_message(error)
        if extra_field:
            path.append(extra_field)
        if len(path) >= 2 and path[0] in KINDS and isinstance(path[1], int):
            per_record.setdefault((path[0], path[1]), []).append((field_path(path[2:]), message))
        else:
            general.append(f"{field_path(path) or '(dokumentet)'}: {message}")
    return per_record, general


def validation_errors(exc, prefix=""):
    if hasattr(exc, "message_dict"):
        return [
            (prefix + ("" if name == "__all__" else name), " ".join(str(m) for m in messages))
            for name, messages in exc.message_dict.items()
        ]
    return [(prefix.rstrip("."), " ".join(str(m) for m in exc.messages))]


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self):
        self.done += 1
        if self.enabled:
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


class Importer:
    def __init__(
        self,
        data,
        base_dir=".",
        dry_run=False,
        progress_stream=None,
        person_source=formats.SOURCE,
        on_record=None,
    ):
        """`person_source` is the ExternalKey source of person keys; `on_record(kind, index,
        page_ids)` is called inside each record's transaction once it is in."""
        self.data = data
        self.person_source = person_source
        self.on_record = on_record
        self.base_dir = Path(base_dir).resolve()
        self.dry_run = dry_run
        self.progress_stream = progress_stream
        self.counts = {kind: Counter() for kind in KINDS}
        self.failures = []  # (record label, field, message)
        self.general_errors = []
        self.people = {}
        self.created_files = []
        self.drafts = {}  # (kind, index) -> ids of pages saved as drafts in the first pass
        self.final = False
        self.pending = False
        self.errors = []

    # Running --------------------------------------------------------------------------------

    def run(self):
        per_record, self.general_errors = validate(self.data)
        if self.general_errors:
            return self
        self.in_file = self.keys_in_file()
        work = []
        for kind in KINDS:
            records = list(enumerate(self.data.get(kind, [])))
            if kind == "plans":
                records = self.plans_in_order(records)
            for index, raw in records:
                if (kind, index) in per_record:
                    self.fail(kind, raw, per_record[(kind, index)])
                else:
                    work.append((kind, index, raw))
        progress = Progress(len(work), self.progress_stream)
        # A real import commits record by record; a dry run is one transaction rolled back.
        outer = transaction.atomic() if self.dry_run else contextlib.nullcontext()
        try:
            with outer:
                deferred = []
                for kind, index, raw in work:
                    if not self.import_one(kind, index, raw):
                        deferred.append((kind, index, raw))
                    else:
                        progress.step()
                self.final = True
                for kind, index, raw in deferred:
                    self.import_one(kind, index, raw)
                    progress.step()
                if self.dry_run:
                    raise Rollback
        except Rollback:
            self.delete_files(self.created_files)
        return self

    def import_one(self, kind, index, raw):
        """Import one record in its own savepoint; False when it waits for the second pass."""
        handler = getattr(self, f"import_{kind}")
        self.pending, self.errors = False, []
        files_before = len(self.created_files)
        try:
            with transaction.atomic():
                result, page_ids = handler(raw)
                if self.on_record is not None:
                    self.on_record(kind, index, page_ids)
        except Deferred:
            self.delete_files(self.created_files[files_before:])
            del self.created_files[files_before:]
            return False
        except (RecordError, IntegrityError, SuspiciousOperation, ValueError) as exc:
            # Rules the schema cannot see (unique numbers, file names, values a field refuses):
            # the record is reported and skipped like any other invalid record.
            errors = exc.errors if isinstance(exc, RecordError) else [("", str(exc))]
            self.delete_files(self.created_files[files_before:])
            del self.created_files[files_before:]
            self.remove_drafts(kind, index)
            self.fail(kind, raw, errors)
            return True
        if self.pending and not self.final:
            self.drafts[(kind, index)] = page_ids
            return False
        if self.drafts.pop((kind, index), None) is not None:
            result = "created"  # saved as a draft in the first pass, published now
        self.counts[kind][result] += 1
        return True

    def fail(self, kind, raw, errors):
        self.counts[kind]["failed"] += 1
        label = record_label(kind, raw)
        for name, message in errors:
            self.failures.append((label, name, message))

    def remove_drafts(self, kind, index):
        ids = self.drafts.pop((kind, index), [])
        with transaction.atomic():
            for page in Page.objects.filter(pk__in=ids, live=False).order_by("-depth"):
                page.delete()

    def delete_files(self, names):
        for storage, name in names:
            storage.delete(name)

    def keys_in_file(self):
        def key(*parts):
            return tuple(str(p) for p in parts)

        return {
            "case": {
                key(c.get("body"), c.get("year"), c.get("number"))
                for c in self.data.get("cases", [])
                if isinstance(c, dict)
            },
            "meeting": {
                key(m.get("body"), m.get("date"))
                for m in self.data.get("meetings", [])
                if isinstance(m, dict)
            },
            "plan": {p.get("slug") for p in self.data.get("plans", []) if isinstance(p, dict)},
        }

    @staticmethod
    def plans_in_order(records):
        """Plans after the plans they name as parent or replacement (cycles keep file order)."""
        by_slug = {raw.get("slug"): (i, raw) for i, raw in records if isinstance(raw, dict)}
        ordered, seen = [], set()

        def visit(index, raw, trail):
            if index in seen or index in trail:
                return
            trail = trail | {index}
            if isinstance(raw, dict):
                for name in ("parent_plan", "replaced_by"):
                    target = by_slug.get(raw.get(name))
                    if target is not None:
                        visit(*target, trail)
            if index not in seen:
                seen.add(index)
                ordered.append((index, raw))

        for index, raw in records:
            visit(index, raw, frozenset())
        return ordered

    # Report ---------------------------------------------------------------------------------

    def totals(self):
        total = Counter()
        for counts in self.counts.values():
            total.update(counts)
        return total

    @property
    def ok(self):
        return not self.general_errors and not self.failures

    # References -----------------------------------------------------------------------------

    def resolve(self, kind, value, path):
        if value in (None, ""):
            return None
        if kind == "person":
            person = self.people.get(value) or ExternalKey.lookup(self.person_source, value, Person)
            if person is None:
                person = self.person_by_key(value)
            if person is None:
                self.errors.append((path, _("ukjent person «%(key)s»") % {"key": value}))
            return person
        if kind == "body":
            body = BodyPage.objects.filter(slug=value).first()
            if body is None:
                self.errors.append((path, _("ukjent organ «%(key)s»") % {"key": value}))
            return body
        if kind == "case":
            case = CasePage.objects.filter(
                body_page__slug=value["body"],
                case_year=value["year"],
                case_number=value["number"],
            ).first()
            key = (str(value["body"]), str(value["year"]), str(value["number"]))
            label = f"{value['body']} {value['number']}/{value['year']}"
            return case or self.missing("case", key, label, path)
        if kind == "meeting":
            meetings = MeetingPage.objects.filter(body_page__slug=value["body"], date=value["date"])
            if value.get("slug") and meetings.count() > 1:
                meetings = meetings.filter(slug=value["slug"])
            key = (str(value["body"]), str(value["date"]))
            return meetings.first() or self.missing(
                "meeting", key, f"{value['body']} {value['date']}", path
            )
        if kind == "plan":
            plan = PlanPage.objects.filter(slug=value).first()
            return plan or self.missing("plan", value, value, path)
        if kind in ("document", "image"):
            return self.file_in(kind, value, path)
        raise ValueError(kind)

    def missing(self, kind, key, label, path):
        """A reference to a record not imported (yet): wait for it in the first pass."""
        if not self.final and key in self.in_file[kind]:
            self.pending = True
        else:
            names = {"case": _("sak"), "meeting": _("møte"), "plan": _("plan")}
            self.errors.append(
                (
                    path,
                    _("finner ikke %(kind)s «%(key)s»")
                    % {
                        "kind": names[kind],
                        "key": label,
                    },
                )
            )
        return None

    @staticmethod
    def person_by_key(key):
        name, email = key, ""
        if key.endswith(">") and " <" in key:
            name, email = key[:-1].split(" <", 1)
        return Person.objects.filter(name=name, email=email).order_by("pk").first()

    def file_in(self, kind, value, path):
        """The document or image for a file reference: an equal one, or a new one."""
        model = get_document_model() if kind == "document" else get_image_model()
        content = None
        if value.get("content_base64"):
            try:
                content = base64.b64decode(value["content_base64"], validate=True)
            except (binascii.Error, ValueError):
                self.errors.append((path, _("content_base64 er ikke gyldig base64")))
                return None
        elif value.get("file"):
            location = (self.base_dir / value["file"]).resolve()
            if not location.is_relative_to(self.base_dir) or not location.is_file():
                self.errors.append((path, _("finner ikke filen «%(file)s»") % value))
                return None
            content = location.read_bytes()
        candidates = model.objects.filter(title=value["title"])
        if content is None:  # no bytes in the file: only an equal file already here will do
            for candidate in candidates:
                if formats.file_sha256(candidate.file) == value["sha256"]:
                    return candidate
            self.errors.append((path, _("filen mangler (file eller content_base64)")))
            return None
        if hashlib.sha256(content).hexdigest() != value["sha256"]:
            self.errors.append((path, _("filen stemmer ikke med sha256")))
            return None
        sha1 = hashlib.sha1(content).hexdigest()
        found = candidates.filter(file_hash=sha1).first()
        if found is None:
            found = next(
                (c for c in candidates if formats.file_sha256(c.file) == value["sha256"]), None
            )
        if found is not None:
            return found
        obj = model(title=value["title"])
        obj.file.save(value["filename"], ContentFile(content), save=False)
        self.created_files.append((obj.file.storage, obj.file.name))
        obj.file_hash = sha1
        obj.file_size = len(content)
        obj.save()
        return obj

    def stream_ref_in(self, path):
        def on_ref(kind, raw):
            if raw in (None, ""):
                return None
            obj = self.resolve(kind, raw, path)
            return obj.pk if obj is not None else None

        return on_ref

    # Loading --------------------------------------------------------------------------------

    def load(self, obj, spec, raw, path=""):
        """Write `raw` into `obj` (rows in memory, by position, so existing rows keep ids)."""
        for name in spec.fields:
            model_field = obj._meta.get_field(name)
            value = raw.get(name)
            if isinstance(model_field, StreamField):
                value = formats.walk_stream(
                    model_field.stream_block,
                    copy.deepcopy(value or []),
                    self.stream_ref_in(path + name),
                )
            elif value is None:
                value = None if model_field.null else model_field.get_default()
            else:
                try:
                    value = model_field.to_python(value)
                except ValidationError as exc:
                    self.errors.extend(validation_errors(exc, path + name))
                    continue
            setattr(obj, name, value)
        for name, kind in spec.refs.items():
            setattr(obj, name, self.resolve(kind, raw.get(name), path + name))
        for key, row_spec in spec.rows.items():
            model = obj._meta.get_field(row_spec.accessor).related_model
            existing = list(getattr(obj, row_spec.accessor).all()) if obj.pk else []
            rows = []
            for position, row_raw in enumerate(raw.get(key) or []):
                row = existing[position] if position < len(existing) else model()
                self.load(row, row_spec, row_raw, f"{path}{key}[{position}].")
                row.sort_order = position
                rows.append(row)
            setattr(obj, row_spec.accessor, rows)

    def check(self):
        if self.errors:
            raise RecordError(self.errors)

    def validate_rows(self, page, spec, path=""):
        for key, row_spec in spec.rows.items():
            for position, row in enumerate(getattr(page, row_spec.accessor).all()):
                try:
                    row.full_clean(exclude=["page"])
                except ValidationError as exc:
                    self.errors.extend(validation_errors(exc, f"{path}{key}[{position}]."))
        self.check()

    @staticmethod
    def snapshot(page, spec):
        data = formats.dump(page, spec)
        if hasattr(page, "tags"):
            data["tags"] = sorted(formats.dump_tags(page))
        return data

    def upsert_page(self, parent, model, existing, spec, raw, path="", before_load=None):
        """Create or update one page from `raw`; returns ("created"|"updated"|"unchanged", page)."""
        page = existing if existing is not None else model()
        never_published = page.first_published_at is None
        before = self.snapshot(page, spec) if existing is not None else None
        if before_load:
            before_load(page)
        self.load(page, spec, raw, path)
        if existing is not None and not page.slug:
            page.slug = before["slug"]  # a record without a slug keeps the page's address
        if hasattr(page, "tags"):
            page.tags.set(raw.get("tags") or [])
        self.check()
        if existing is not None and page.live and self.snapshot(page, spec) == before:
            return "unchanged", page
        if self.pending and not self.final and existing is not None:
            raise Deferred
        self.validate_rows(page, spec, path)
        if hasattr(page, "change_note"):
            page.change_note = IMPORT_NOTE
        try:
            if existing is None:
                page.live = False
                if raw.get("last_substantive_change_at") and hasattr(
                    page, "last_substantive_change_at"
                ):
                    page.last_substantive_change_at = parse_datetime(
                        raw["last_substantive_change_at"]
                    )
                page._form_parent = parent
                parent.add_child(instance=page)
            revision = page.save_revision(log_action=True)
        except ValidationError as exc:
            raise RecordError(validation_errors(exc, path)) from exc
        if not self.pending:
            revision.publish()
            first = raw.get("first_published_at")
            if never_published and first:
                Page.objects.filter(pk=page.pk).update(first_published_at=parse_datetime(first))
        return ("created" if existing is None else "updated"), page

    # Records --------------------------------------------------------------------------------

    def import_people(self, raw):
        key = raw.get("key") or formats.person_key(
            Person(name=raw["name"], email=raw.get("email", ""))
        )
        person = ExternalKey.lookup(self.person_source, key, Person) or self.person_by_key(key)
        if person is None:  # the same name and e-mail already here: the same person
            person = (
                Person.objects.filter(name=raw["name"], email=raw.get("email") or "")
                .order_by("pk")
                .first()
            )
        created = person is None
        person = person or Person()
        before = None if created else formats.dump(person, formats.PERSON)
        self.load(person, formats.PERSON, raw)
        self.check()
        result = "unchanged"
        if created or formats.dump(person, formats.PERSON) != before:
            try:
                person.full_clean()
            except ValidationError as exc:
                raise RecordError(validation_errors(exc)) from exc
            person.save()
            result = "created" if created else "updated"
        ExternalKey.remember(self.person_source, key, person)
        self.people[key] = person
        return result, []

    def index_page(self, model, title, slug):
        index = model.objects.first()
        if index is None:
            root = Site.objects.get(is_default_site=True).root_page
            index = model(title=title, slug=slug)
            root.add_child(instance=index)
            index.save_revision().publish()
        return index

    def upsert_section_child(self, index_model, title, slug, model, spec, raw):
        """Create or update a page of `model` under the section index (created when missing),
        found by its slug."""
        index = self.index_page(index_model, title, slug)
        existing = model.objects.child_of(index).filter(slug=raw["slug"]).first()
        result, page = self.upsert_page(index, model, existing and existing.specific, spec, raw)
        return result, [page.pk]

    def import_bodies(self, raw):
        return self.upsert_section_child(
            BodyIndexPage, "Politikk", "politikk", BodyPage, formats.BODY, raw
        )

    def import_meetings(self, raw):
        body = self.resolve("body", raw["body"], "body")
        self.check()
        meetings = MeetingPage.objects.child_of(body).filter(date=raw["date"])
        if raw.get("slug") and meetings.count() > 1:
            meetings = meetings.filter(slug=raw["slug"])
        existing = meetings.first()
        results = []
        result, meeting = self.upsert_page(body, MeetingPage, existing, formats.MEETING, raw)
        results.append(result)
        page_ids = [meeting.pk]
        for key, model, spec in (
            ("invitation", InvitationPage, formats.INVITATION),
            ("minutes", MinutesPage, formats.MINUTES),
        ):
            if not raw.get(key):
                continue
            child = model.objects.child_of(meeting).first()
            child_result, child_page = self.upsert_page(
                meeting, model, child, spec, raw[key], f"{key}."
            )
            results.append(child_result)
            page_ids.append(child_page.pk)
        return self.combined(results), page_ids

    @staticmethod
    def combined(results):
        if results[0] == "created":
            return "created"
        return "updated" if any(r != "unchanged" for r in results) else "unchanged"

    def import_cases(self, raw):
        body = self.resolve("body", raw["body"], "body")
        self.check()
        existing = CasePage.objects.filter(
            body_page=body, case_year=raw["year"], case_number=raw["number"]
        ).first()

        def set_number(page):
            page.case_year, page.case_number = raw["year"], raw["number"]

        result, page = self.upsert_page(
            body, CasePage, existing, formats.CASE, raw, before_load=set_number
        )
        return result, [page.pk]

    def import_plans(self, raw):
        return self.upsert_section_child(
            PlanIndexPage, "Planer", "planer", PlanPage, formats.PLAN, raw
        )
