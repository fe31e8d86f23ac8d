"""The admin edit form every document page type uses (DocumentPage.base_form_class)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Revision

from .versions import ChangeKind

STALE_FORM_MESSAGE = _(
    "Siden er lagret av %(user)s etter at du åpnet den. For at ingen endringer skal gå tapt, "
    "er ikke endringene dine lagret. Kopier det du har skrevet, åpne siden på nytt og gjør "
    "endringene der. Lagrer du dette skjemaet en gang til, overskriver du den nyere versjonen."
)

DATE_INVALID_MESSAGE = _(
    "Datoen kan ikke leses. Skriv den som dd.mm.åååå, for eksempel 12.05.2026 (eller 12.5.2026)."
)


class TypedDateInput(AdminDateInput):
    """Wagtail's date picker, without replacing what the editor typed.

    The picker (jQuery datetimepicker) checks the text on blur against its one display format
    (`WAGTAIL_DATE_FORMAT`, d.m.Y) and, when it cannot parse it (5.6.2026, 2026-06-05, a
    half-typed date), writes today's date into the field. With `validateOnBlur` off the text
    stays as typed; the form field parses every format of the language (DATE_INPUT_FORMATS:
    12.05.2026, 12.5.2026, 2026-05-12) and refuses the rest with a message next to the field.
    """

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


register_form_field_override(
    models.DateField,
    override={"widget": TypedDateInput, "error_messages": {"invalid": DATE_INVALID_MESSAGE}},
)


def compare_with_initial_values(form):
    """Let `form` and its inline forms tell a change by the values they were shown with.

    Django gives a model field with a callable default (an exempt row's `key`, `uuid4`) a
    hidden "initial-…" input and compares the posted value with that input in `has_changed()`.
    Wagtail's panels render only the widget, so the input is never posted and every such row
    counted as changed on every post. Wagtail saves a new revision when a reviewer's workflow
    action comes with changes; with `WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT` the leader's
    approval of an untouched meeting thus made a revision that waited for approval again, and
    the meeting never went live. Compared with the row's own value, an untouched row is
    unchanged; a row added in the browser still differs from a fresh default.
    """
    for field in form.fields.values():
        field.show_hidden_initial = False
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            compare_with_initial_values(child)


class DocumentPageFormMixin:
    """Starts each new round of editing with an empty change note.

    The change note and kind are stored in the revision, so a published version keeps its own.
    When an editor opens a page whose latest revision is the live one, the note shown would be
    the one of the version already published: the form starts empty (and as a substantive
    change) instead, and a post of that form is compared with the empty note it showed, so an
    untouched note is no change. A draft or a revision awaiting approval keeps the note
    written for it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # Only a posted form is compared; an unbound one may still set up its inline
            # forms (new minutes take their items from the agenda).
            compare_with_initial_values(self)
        page = self.instance
        if not page.pk:
            return
        record = (
            type(page)
            .objects.filter(pk=page.pk)
            .values("live", "live_revision_id", "latest_revision_id", "last_substantive_change_at")
            .first()
        )
        if record is None:
            return
        # Revisions made from this form carry the date the live page has now (set when a
        # substantive change is published), not the one of the revision the form was loaded from.
        page.last_substantive_change_at = record["last_substantive_change_at"]
        if (
            record["live"]
            and record["live_revision_id"] is not None
            and record["live_revision_id"] == record["latest_revision_id"]
        ):
            for name, value in (("change_note", ""), ("change_kind", ChangeKind.SUBSTANTIVE)):
                if name in self.fields:
                    self.initial[name] = value

    def newer_revision(self):
        """A revision another user saved after this form was loaded, if any.

        Wagtail refuses an autosave that would overwrite a newer version and shows its
        "someone else saved" dialog, but a full submit (publish, save draft, submit for
        approval) is not checked on the server. This closes that gap with the same data as
        Wagtail's check (`loaded_revision_id` and `loaded_revision_created_at`, the hidden
        inputs of the edit form): revisions created since then by the editor's own autosave
        never count, revisions by anyone else do. After the error the form is shown again
        with the newest revision as the loaded one, so saving it once more overwrites it
        knowingly.
        """
        if not self.is_bound or not self.instance.pk:
            return None
        try:
            loaded_at = parse_datetime(self.data.get("loaded_revision_created_at") or "")
        except ValueError:
            loaded_at = None
        if loaded_at is None:
            loaded_id = self.data.get("loaded_revision_id") or ""
            if not loaded_id.isascii() or not loaded_id.isdigit():
                return None
            loaded = Revision.page_revisions.filter(
                object_id=str(self.instance.pk), pk=int(loaded_id)
            ).first()
            if loaded is None:
                return None
            loaded_at = loaded.created_at
        user = getattr(self, "for_user", None)
        newer = Revision.page_revisions.filter(
            object_id=str(self.instance.pk), created_at__gt=loaded_at
        ).select_related("user")
        if user is not None and user.pk is not None:
            newer = newer.exclude(user_id=user.pk)
        return newer.order_by("-created_at", "-pk").first()

    def clean(self):
        cleaned_data = super().clean()
        newer = self.newer_revision()
        if newer is not None:
            user = newer.user.get_full_name() or newer.user.get_username() if newer.user else None
            raise ValidationError(
                STALE_FORM_MESSAGE, params={"user": user or _("en annen")}, code="stale"
            )
        return cleaned_data


class DocumentPageForm(DocumentPageFormMixin, WagtailAdminPageForm):
    """The default edit form of document pages."""
