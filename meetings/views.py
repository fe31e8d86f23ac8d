"""Admin views of the meetings section: registrations list and export, case summaries."""

import csv
import datetime

from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from wagtail.admin.views.mixins import Echo
from wagtail.contrib.forms.views import SubmissionsListView

from .models import CasePage

# An ASCII file name (Content-Disposition) that still reads as Norwegian.
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def oslo_time(value):
    """A submission time as a Norwegian reads it: local time (Europe/Oslo), whole seconds."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0, tzinfo=None)


class RegistrationsListView(SubmissionsListView):
    """Registrations in Oslo time without microseconds; a CSV that a Norwegian Excel opens.

    Norwegian Excel reads a CSV as UTF-8 only with a byte order mark, and splits columns on
    `;` (the comma is the decimal sign). The file is named after the meeting, e.g.
    `pamelding-driftskomiteen-2026-12-15.csv`.
    """

    CSV_DELIMITER = ";"
    custom_value_preprocess = {
        **SubmissionsListView.custom_value_preprocess,
        datetime.datetime: {
            SubmissionsListView.FORMAT_CSV: lambda value: oslo_time(value).strftime(
                "%d.%m.%Y %H:%M:%S"
            ),
            SubmissionsListView.FORMAT_XLSX: oslo_time,
        },
    }

    def get_filename(self):
        page = self.form_page
        meeting = page.meeting
        parts = ["pamelding"]
        if meeting is not None:
            body = getattr(meeting, "body_page", None)
            parts.append(body.slug if body is not None else "")
            parts.append(meeting.date.isoformat() if meeting.date else meeting.slug)
        else:
            parts.append(page.slug)
        name = "-".join(p for p in parts if p).translate(NORWEGIAN_LETTERS)
        return slugify(name) or "pamelding"

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=self.CSV_DELIMITER)
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


@require_GET
def case_summary(request, pk):
    """The title and number of a case, for the agenda item form (agenda-item-case.js).

    Registered under /admin/ (so only signed-in editors reach it); a case the user may not
    edit is only described when it is live, with the title the public sees.
    """
    case = CasePage.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    if not case.permissions_for_user(request.user).can_edit() and not case.live:
        raise Http404
    return JsonResponse({"title": case.title, "number": case.case_number})
