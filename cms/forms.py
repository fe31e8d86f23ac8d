"""The admin edit form every document page type uses (DocumentPage.base_form_class)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Revision

from .versions import ChangeKind

STALE_FORM_MESSAGE = _(
    "Siden er lagret av %(user)s etter at du åpnet den. For at ingen endringer skal gå tapt, "
    "er ikke endringene dine lagret. Kopier det du har skrevet, åpne siden på nytt og gjør "
    "endringene der. Lagrer du dette skjemaet en gang til, overskriver du den nyere versjonen."
)


class DocumentPageFormMixin:
    """Starts each new round of editing with an empty change note.

    The change note and kind are stored in the revision, so a published version keeps its own.
    When an editor opens a page whose latest revision is the live one, the note shown would be
    the one of the version already published: the form starts empty (and as a substantive
    change) instead. A draft or a revision awaiting approval keeps the note written for it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
            not self.is_bound
            and record["live"]
            and record["live_revision_id"] is not None
            and record["live_revision_id"] == record["latest_revision_id"]
        ):
            for name, value in (("change_note", ""), ("change_kind", ChangeKind.SUBSTANTIVE)):
                if name in self.fields:
                    self.initial[name] = value

    def newer_revision(self):
        """The revision someone else saved after this form was loaded, if any.

        Uses the same hidden fields as Wagtail's own conflict check for autosave
        (`loaded_revision_id`, `loaded_revision_created_at`, `overwrite_revision_id`).
        """
        if not self.is_bound or not self.instance.pk:
            return None
        latest = (
            Revision.page_revisions.filter(object_id=str(self.instance.pk))
            .select_related("user")
            .order_by("-created_at", "-pk")
            .first()
        )
        if latest is None:
            return None
        overwrite = self.data.get("overwrite_revision_id")
        if overwrite:
            return latest if overwrite != str(latest.pk) else None
        loaded = self.data.get("loaded_revision_id")
        if not loaded:
            return None
        if loaded != str(latest.pk):
            return latest
        created_at = self.data.get("loaded_revision_created_at")
        if created_at and created_at != latest.created_at.isoformat():
            return latest
        return None

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
