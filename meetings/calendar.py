"""The meeting calendar: /kalender/ as a page for citizens and as iCalendar (.ics) feeds.

The page shows one month as a grid (`?maned=2026-12`, strict), the coming meetings by month and
the past meetings newest first, for all bodies or one (`?organ=<slug>`). The feeds are RFC 5545
with a VTIMEZONE for Europe/Oslo, stable UIDs and a SEQUENCE that grows with each publication.
Only what the meeting page itself shows publicly goes into a feed: title, time, place, status,
the agenda as the public sees it (public titles of exempt items) and the page's address.
"""

import calendar as pycalendar
import datetime
import functools
import re

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Timezone
from wagtail.models import PageLogEntry

from cms.cache import cached_fragment
from cms.models import lazy_context
from cms.params import InvalidParameter, id_or_404, slug_or_none

from .models import AgendaItem, BodyPage, MeetingPage, MeetingStatus

MEETINGS_PER_PAGE = 20
# The subscription feed (/kalender.ics) holds the coming meetings, the nearest first, and the
# held ones of the last three months, at most FEED_LIMIT meetings in all: the coming ones take
# the room first, so a subscriber always gets the next meetings; a longer history is on the
# meeting pages. The calendar page says so next to the link.
FEED_HISTORY_MONTHS = 3
FEED_HISTORY = datetime.timedelta(days=92)
FEED_LIMIT = 200
ICS_STATUS = {
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.POSTPONED: "TENTATIVE",
}


def public_meetings():
    return (
        MeetingPage.objects.live()
        .public()
        .select_related("body_page")
        .order_by("date", "start_time", "pk")
    )


MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
MONTH_MESSAGE = gettext_lazy("Skriv måneden som år og måned, for eksempel 2026-12.")


def parse_month(value):
    """The first day of the month in `value` ("2026-12"), or None when it is empty."""
    value = (value or "").strip()
    if not value:
        return None
    match = MONTH.fullmatch(value)
    if match is None:
        raise InvalidParameter(MONTH_MESSAGE)
    year, month = int(match.group(1)), int(match.group(2))
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        raise InvalidParameter(MONTH_MESSAGE)
    return datetime.date(year, month, 1)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_grid(month, meetings, today):
    """Weeks (Monday first) of days: {date, in_month, is_today, meetings} for the template."""
    by_date = {}
    for meeting in meetings:
        by_date.setdefault(meeting.date, []).append(meeting)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "is_today": day == today,
                "meetings": by_date.get(day, []) if day.month == month.month else [],
            }
            for day in week
        ]
        for week in weeks
    ]


def chosen_body(request):
    """The body named by ?organ=<slug>, or None for all bodies."""
    slug = request.GET.get("organ")
    if not slug:
        return None
    if slug_or_none(slug) is None:
        raise Http404
    return get_object_or_404(BodyPage.objects.live().public(), slug=slug)


def calendar_page(request):
    today = timezone.localdate()
    body = chosen_body(request)
    meetings = public_meetings().filter(date__gte=today)
    # Held (and cancelled) meetings, newest first, with their minutes on the meeting pages.
    past = public_meetings().filter(date__lt=today).reverse()
    if body is not None:
        meetings = meetings.filter(body_page=body)
        past = past.filter(body_page=body)

    month_message = None
    try:
        month = parse_month(request.GET.get("maned"))
    except InvalidParameter as error:
        month_message, month = error.message, None
    month = month or today.replace(day=1)
    in_month = public_meetings().filter(date__year=month.year, date__month=month.month)
    if body is not None:
        in_month = in_month.filter(body_page=body)

    def month_url(day):
        params = f"?maned={day:%Y-%m}"
        if body is not None:
            params += f"&organ={body.slug}"
        return params + "#maned"

    bodies = BodyPage.objects.live().public().order_by("title").only("title", "slug")
    month_meetings = SimpleLazyObject(lambda: list(in_month))
    return TemplateResponse(
        request,
        "meetings/calendar.html",
        {
            # Read only when the calendar's content is rendered ({% page_fragment %}).
            **lazy_context(
                meetings=lambda: Paginator(meetings, MEETINGS_PER_PAGE).get_page(
                    request.GET.get("side")
                ),
                past_meetings=lambda: Paginator(past, MEETINGS_PER_PAGE).get_page(
                    request.GET.get("tidligere")
                ),
                weeks=lambda: month_grid(month, month_meetings, today),
                month_meeting_count=lambda: len(month_meetings),
            ),
            "page_title": _("Møtekalender"),
            "bodies": bodies,
            "chosen_body": body,
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "month_message": month_message,
            "weekdays": WEEKDAYS,
            "previous_month_url": month_url(add_months(month, -1)),
            "next_month_url": month_url(add_months(month, 1)),
            "previous_month": add_months(month, -1),
            "next_month": add_months(month, 1),
            "feed_history_months": FEED_HISTORY_MONTHS,
            "feed_limit": FEED_LIMIT,
        },
    )


# Monday first, as Norwegian calendars are: (abbreviation, full name).
WEEKDAYS = [
    (gettext_lazy("man"), gettext_lazy("mandag")),
    (gettext_lazy("tir"), gettext_lazy("tirsdag")),
    (gettext_lazy("ons"), gettext_lazy("onsdag")),
    (gettext_lazy("tor"), gettext_lazy("torsdag")),
    (gettext_lazy("fre"), gettext_lazy("fredag")),
    (gettext_lazy("lør"), gettext_lazy("lørdag")),
    (gettext_lazy("søn"), gettext_lazy("søndag")),
]


def ics_escape(value):
    """TEXT as RFC 5545 writes it (3.3.11): backslash, semicolon, comma and newline escaped."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def ics_fold(line):
    """One content line, folded at 75 octets (RFC 5545 3.1) without splitting a character."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    return b"\r\n ".join(parts) + b"\r\n"


def ics_utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_local(moment):
    """A date-time in the calendar's zone, with its TZID (Europe/Oslo, from OSLO)."""
    return f";TZID={moment.tzinfo}:{moment:%Y%m%dT%H%M%S}"


def event_lines(meeting, request):
    """The VEVENT of one meeting as content lines, written directly (no icalendar objects:
    building those cost about 1 ms per meeting)."""
    url = request.build_absolute_uri(meeting.url)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{ics_escape(meeting.title)}",
    ]
    if meeting.start_time:
        end = meeting.end or meeting.start + datetime.timedelta(hours=1)
        lines += [f"DTSTART{ics_local(meeting.start)}", f"DTEND{ics_local(end)}"]
    else:
        # No time of day in the record: an all-day event rather than an invented hour.
        after = meeting.date + datetime.timedelta(days=1)
        lines += [
            f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{after:%Y%m%d}",
        ]
    changed = meeting.last_published_at or timezone.now()
    lines += [f"DTSTAMP:{ics_utc(changed)}", f"UID:meeting-{meeting.pk}@{request.get_host()}"]
    place = ", ".join(p for p in [meeting.place_name, meeting.place_address] if p)
    if place:
        lines.append(f"LOCATION:{ics_escape(place)}")
    # Calendar apps replace an event they hold when SEQUENCE grows: the number of publications.
    lines += [
        f"URL:{url}",
        f"STATUS:{ICS_STATUS.get(meeting.status, 'CONFIRMED')}",
        f"SEQUENCE:{getattr(meeting, 'publications', 0)}",
    ]
    description = [meeting.get_status_display()]
    if meeting.status_reason:
        description.append(meeting.status_reason)
    text = [" – ".join(str(part) for part in description)]
    # The agenda as the public sees it: exempt items by their public title and legal basis.
    agenda = [item.public_text() for item in meeting.agenda_items.all()]
    if agenda:
        text += ["", _("Saksliste:"), *agenda]
    text += ["", url]
    lines += [
        f"DESCRIPTION:{ics_escape(chr(10).join(text))}",
        f"LAST-MODIFIED:{ics_utc(changed)}",
        "END:VEVENT",
    ]
    return lines


def with_publications(meetings):
    """Annotate `publications`, the number of times each meeting was published (for SEQUENCE)."""
    published = (
        PageLogEntry.objects.filter(page_id=OuterRef("pk"), action="wagtail.publish")
        .order_by()
        .values("page_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return meetings.annotate(
        publications=Coalesce(Subquery(published, output_field=IntegerField()), 0)
    ).prefetch_related(
        # Items and their cases in one query, whether or not any item links a case.
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("case"))
    )


@functools.cache
def oslo_vtimezone():
    """The VTIMEZONE of Europe/Oslo (RFC 5545 asks for one per TZID used), built once."""
    return Timezone.from_tzid("Europe/Oslo").to_ical()


def ics_document(meetings, request, name):
    """The iCalendar text (bytes) of `meetings`: always with Europe/Oslo, the calendar's zone
    (X-WR-TIMEZONE), also when every event is a whole day."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rådhus//Møtekalender//NB",
        f"X-WR-CALNAME:{ics_escape(name)}",
        "X-WR-TIMEZONE:Europe/Oslo",
    ]
    out = [ics_fold(line) for line in head]
    out.append(oslo_vtimezone())
    for meeting in meetings:
        out += [ics_fold(line) for line in event_lines(meeting, request)]
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)


def ics_response(content, filename="kalender.ics"):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_meetings(body=None, today=None):
    """What /kalender.ics holds: the coming meetings, nearest first, then the held ones of the
    last FEED_HISTORY, newest first, FEED_LIMIT in all; returned in date order."""
    today = today or timezone.localdate()
    meetings = public_meetings()
    if body is not None:
        meetings = meetings.filter(body_page=body)
    coming = list(with_publications(meetings.filter(date__gte=today))[:FEED_LIMIT])
    room = FEED_LIMIT - len(coming)
    held = []
    if room > 0:
        recent = meetings.filter(date__lt=today, date__gte=today - FEED_HISTORY).reverse()
        held = list(with_publications(recent)[:room])
    return held[::-1] + coming


def calendar_feed(request):
    """The coming meetings and those of the last three months, for subscribing in a calendar
    app (bounded: see FEED_LIMIT). The same for every visitor until something is published,
    so the text is cached per content generation (cms.cache)."""
    body = chosen_body(request)
    name = _("Møtekalender")
    if body is not None:
        name = f"{name} – {body.title}"
    today = timezone.localdate()
    key = f"ics:{request.scheme}://{request.get_host()}:{body.pk if body else ''}:{today}"
    content = cached_fragment(key, lambda: ics_document(feed_meetings(body, today), request, name))
    return ics_response(content)


def meeting_ics(request, meeting_id):
    """One meeting, for "Legg til i kalender" on its page."""
    meeting = with_publications(public_meetings().filter(pk=id_or_404(meeting_id))).first()
    if meeting is None:
        raise Http404
    return ics_response(ics_document([meeting], request, meeting.title), f"mote-{meeting.pk}.ics")
