"""Shared pieces of the meetings models: exempt content and parent-aware defaults."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.models import get_all_child_relations
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

# The public label of exempt content, written once: the plain-text label, the template include
# (meetings/components/exempt_notice.html), feeds and alert e-mails all show this wording.
EXEMPT_LABEL = _("Unntatt offentlighet")

EXEMPT_BASIS_HELP = _(
    "Hjemmel for unntaket, for eksempel «Offl. § 13, jf. fvl. § 13» eller «Kommuneloven § 11-5»."
)


class ExemptQuerySet(models.QuerySet):
    """Rows that may be exempt: `public()` leaves out what the public may not see."""

    def exempt_for_public(self):
        return self.filter(self.model.exempt_for_public_q())

    def public(self):
        return self.exclude(self.model.exempt_for_public_q())


class ExemptMixin(models.Model):
    """Content that may be exempt from public access (offentleglova, kommuneloven § 11-5).

    The rule, once: content is exempt for the public when it is marked exempt itself, or when
    the case it belongs to (`exempt_case_field`, e.g. an agenda item's `case`) is exempt now,
    also when that case was made exempt later. `is_exempt_for_public` is the rule in Python,
    `exempt_for_public_q()` the same rule in SQL.
    """

    exempt = models.BooleanField(
        _("unntatt offentlighet"),
        default=False,
        help_text=_("Publikum ser bare den offentlige tittelen og hjemmelen."),
    )
    exempt_basis = models.CharField(
        _("hjemmel for unntak"), max_length=255, blank=True, help_text=EXEMPT_BASIS_HELP
    )

    # The foreign key to a CasePage whose exemption applies to this content too, if any.
    exempt_case_field = None
    EXEMPT_LABEL = EXEMPT_LABEL

    class Meta:
        abstract = True

    @classmethod
    def exempt_for_public_q(cls, prefix=""):
        condition = models.Q(**{f"{prefix}exempt": True})
        if cls.exempt_case_field:
            condition |= models.Q(**{f"{prefix}{cls.exempt_case_field}__exempt": True})
        return condition

    def exempt_errors(self):
        """Validation errors of the exemption fields, as a dict for ValidationError."""
        if self.exempt and not self.exempt_basis.strip():
            return {"exempt_basis": _("Oppgi hjemmelen for unntaket.")}
        return {}

    def clean(self):
        super().clean()
        errors = self.exempt_errors()
        if errors:
            raise ValidationError(errors)

    @property
    def exempt_case(self):
        """The case whose exemption applies to this content, when that case is exempt now."""
        if not self.exempt_case_field or not getattr(self, f"{self.exempt_case_field}_id", None):
            return None
        case = getattr(self, self.exempt_case_field)
        return case if case is not None and case.exempt else None

    @property
    def is_exempt_for_public(self):
        return self.exempt or self.exempt_case is not None

    @property
    def public_exempt_basis(self):
        """The legal basis shown for exempt content: its own, or the exempt case's."""
        if self.exempt and self.exempt_basis:
            return self.exempt_basis
        case = self.exempt_case
        return case.exempt_basis if case is not None else self.exempt_basis

    def exempt_label(self):
        """«(Unntatt offentlighet: <hjemmel>)», the label of exempt content in plain text."""
        return f"({EXEMPT_LABEL}: {self.public_exempt_basis})"


class ExemptRowMixin(ExemptMixin):
    """An agenda item, minutes item or attachment: exempt content shows its public title.

    `key` names the row for good: it is stored in every revision and kept across edits (the
    admin form carries it in a hidden field), so an old version is redacted by the row's
    current exemption even when the revision holds no row id (rows added in an edit) or the
    row was saved again under a new id. Unique per page (see `row_key_constraint`).
    """

    key = models.UUIDField(_("nøkkel"), default=uuid.uuid4, blank=True)
    public_title = models.CharField(
        _("offentlig tittel"),
        max_length=255,
        blank=True,
        help_text=_("Tittelen publikum ser når innholdet er unntatt, for eksempel «Personalsak»."),
    )

    exempt_case_field = "case"
    exempt_panels = [
        MultiFieldPanel(["exempt", "exempt_basis", "public_title"], heading=_("Offentlighet")),
        FieldPanel("key", widget=forms.HiddenInput),
    ]

    objects = ExemptQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def row_key_constraint(model_name):
        return models.UniqueConstraint(
            fields=["page", "key"], name=f"meetings_{model_name}_key_unique_per_page"
        )

    def exempt_errors(self):
        errors = super().exempt_errors()
        if self.exempt and not self.public_title.strip():
            errors["public_title"] = _("Oppgi en offentlig tittel for innhold som er unntatt.")
        return errors

    @property
    def public_exempt_title(self):
        """The title the public sees for exempt content: its own public title, or the case's."""
        if self.public_title:
            return self.public_title
        case = self.exempt_case
        return case.title if case is not None else ""

    def display_title(self, full_title):
        """The title the public may see."""
        return self.public_exempt_title if self.is_exempt_for_public else full_title


def exempt_row_relations(page):
    """(accessor, model) of the page's child relations whose rows may be exempt."""
    for relation in get_all_child_relations(page):
        if issubclass(relation.related_model, ExemptRowMixin):
            yield relation.get_accessor_name(), relation.related_model


class CurrentRestrictionsMixin:
    """For document pages with exempt content: old versions follow the current exemptions.

    The public version history builds old versions from revisions; content made exempt after
    it was published must stay hidden there too (see cms.models.DocumentPage.redact_like).
    Rows are matched by their `key`; a row of an old version that cannot be traced to a row
    of the current page (deleted since, or linking a case that no longer exists) is left out
    when the page has or had any exempt content, since nothing says it may be shown.
    """

    PAGE_EXEMPT_FIELDS = ("exempt", "exempt_basis")
    # What an exempt page shows of itself in old versions: its current, public title.
    PAGE_TITLE_FIELDS = ("title", "draft_title", "seo_title", "search_description", "slug")
    ROW_EXEMPT_FIELDS = ("exempt", "exempt_basis", "public_title")

    def ensure_row_keys(self):
        """Give every exempt-capable row a key of its own before it is stored.

        A row added in the admin carries the key of the form template until it is saved, so
        two rows added in one edit may arrive with the same key (or none): they get new ones.
        """
        for accessor, _model in exempt_row_relations(self):
            seen = set()
            for row in getattr(self, accessor).all():
                if row.key is None or row.key in seen:
                    row.key = uuid.uuid4()
                seen.add(row.key)

    def save(self, *args, **kwargs):
        self.ensure_row_keys()
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        self.ensure_row_keys()
        return super().save_revision(*args, **kwargs)

    def has_or_had_exemption(self):
        """True when this page, or any revision of it, holds exempt content."""
        if "_has_or_had_exemption" in self.__dict__:
            return self._has_or_had_exemption
        from .cases import CasePage

        found = bool(getattr(self, "is_exempt_for_public", False))
        case_ids = set()
        for _accessor, model in exempt_row_relations(self):
            found = found or model.objects.filter(page=self.pk).exempt_for_public().exists()
        if not found:
            relations = [accessor for accessor, _model in exempt_row_relations(self)]
            for content in self.revisions.values_list("content", flat=True):
                content = content or {}
                found = found or bool(content.get("exempt"))
                for accessor in relations:
                    for row in content.get(accessor) or []:
                        found = found or bool(row.get("exempt"))
                        if row.get("case"):
                            case_ids.add(row["case"])
                if found:
                    break
        if not found and case_ids:
            found = CasePage.objects.filter(
                CasePage.exempt_for_public_q(), pk__in=case_ids
            ).exists()
        self._has_or_had_exemption = found
        return found

    def redact_like(self, current):
        super().redact_like(current)
        from .cases import CasePage

        field_names = {field.name for field in self._meta.concrete_fields}
        for name in self.PAGE_EXEMPT_FIELDS:
            if name in field_names and hasattr(current, name):
                setattr(self, name, getattr(current, name))
        if getattr(current, "is_exempt_for_public", False):
            for name in self.PAGE_TITLE_FIELDS:
                setattr(self, name, getattr(current, name))
        hide_untraced = current.has_or_had_exemption()
        # The current rows, read once for every version redacted like `current` (a diff
        # redacts two).
        current_rows_of = current.__dict__.setdefault("_redaction_rows", {})
        for accessor, model in exempt_row_relations(self):
            if accessor not in current_rows_of:
                current_rows_of[accessor] = {
                    row.key: row for row in getattr(current, accessor).all()
                }
            current_rows = current_rows_of[accessor]
            old_rows = list(getattr(self, accessor).all())
            case_field = model.exempt_case_field
            linked = {getattr(row, f"{case_field}_id", None) for row in old_rows} - {None}
            # The current page exists, and so does a case the version was built with: the
            # revision's foreign keys were checked against the database (cms.versions).
            case_key = model._meta.get_field(case_field) if case_field else None
            existing_cases = {current.pk} & linked
            for row in old_rows:
                if linked and case_key.is_cached(row) and getattr(row, case_field) is not self:
                    existing_cases.add(getattr(row, f"{case_field}_id"))
            if linked - existing_cases:
                existing_cases |= set(
                    CasePage.objects.filter(pk__in=linked - existing_cases).values_list(
                        "pk", flat=True
                    )
                )
            kept = []
            for row in old_rows:
                current_row = current_rows.get(row.key) if row.key else None
                case_id = getattr(row, f"{case_field}_id", None)
                if current_row is None or (case_id is not None and case_id not in existing_cases):
                    if hide_untraced:
                        continue  # cannot be traced: not shown
                    kept.append(row)
                    continue
                for name in self.ROW_EXEMPT_FIELDS:
                    setattr(row, name, getattr(current_row, name))
                kept.append(row)
            setattr(self, accessor, kept)


class ParentAwareMixin:
    """Lets model validation and defaults see the parent page, also before the page is saved.

    The admin form sets `_form_parent` (see meetings.forms); pages in the tree use their parent.
    """

    # Fields the model fills in itself when left blank; the admin form does not require them.
    defaulted_fields = ()

    def parent_for_validation(self):
        parent = getattr(self, "_form_parent", None)
        if parent is None and self.path and self.depth:
            parent = self.get_parent()
            parent = parent.specific if parent is not None else None
        return parent

    def unique_slug(self, base_slug, parent):
        """`base_slug`, or `base_slug-2`, `-3`... if a sibling already uses it."""
        candidate, suffix = base_slug, 1
        while parent is not None and not Page._slug_is_available(candidate, parent, self):
            suffix += 1
            candidate = f"{base_slug}-{suffix}"
        return candidate


class BodyChildMixin(ParentAwareMixin):
    """A page that lives under a segment of its body's URL: /politikk/<organ>/<segment>/<slug>/.

    `parent_page_types` makes the parent a body; the page keeps it in `body_page` and fills in
    its defaults (see `fill_defaults` and `default_slug`) before validation.
    """

    url_segment = ""
    # The slug always follows `default_slug()` (a number or a date), never the title.
    slug_follows_default = True

    def fill_defaults(self, body):
        """Fill in the fields the editor left blank; `body` may be None outside the tree."""

    def default_slug(self):
        """The slug to use when the editor left it blank, or None when it cannot be known yet."""
        return None

    def apply_defaults(self):
        body = self.parent_for_validation()
        if body is not None:
            self.body_page_id = body.pk
        self.fill_defaults(body)
        base_slug = self.default_slug()
        if base_slug and (self.slug_follows_default or not self.slug):
            current = self.slug or ""
            if not (current == base_slug or current.startswith(f"{base_slug}-")):
                self.slug = self.unique_slug(base_slug, body)

    def full_clean(self, *args, **kwargs):
        self.apply_defaults()
        super().full_clean(*args, **kwargs)

    def set_url_path(self, parent):
        if parent is None:
            return super().set_url_path(parent)
        self.body_page_id = parent.pk
        self.url_path = f"{parent.url_path}{self.url_segment}/{self.slug}/"
        return self.url_path


def parent_meeting_facets(model):
    """Search facets of a meeting's child page (invitation, minutes): its meeting's body and date.

    Expressions over `Page` (see cms.search): the meeting is the parent in the page tree.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Case, OuterRef, Subquery, When
    from django.db.models.functions import Length, Substr

    meeting_model = apps.get_model("meetings", "MeetingPage")
    meeting = meeting_model.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    content_type = ContentType.objects.get_for_model(model)

    def of_meeting(field):
        return Case(
            When(
                content_type_id=content_type.pk,
                then=Subquery(meeting.values(field)[:1]),
            ),
            default=None,
        )

    return {"body": of_meeting("body_page_id"), "date": of_meeting("date")}


def two_digit_year(year):
    return f"{year % 100:02d}" if year else ""


class FixedSlugMixin:
    """A page whose address segment is fixed by its type (`innkalling/`, `referat/`).

    The slug is set before validation whatever the title or the slug field say; the admin form
    shows it read-only (meetings.forms.ParentAwareFormMixin).
    """

    fixed_slug = ""

    def full_clean(self, *args, **kwargs):
        if self.fixed_slug:
            self.slug = self.fixed_slug
        super().full_clean(*args, **kwargs)
