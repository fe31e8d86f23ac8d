"""The meeting calendar: /kalender/ as a page for citizens and as iCalendar (.ics) feeds.

The page shows one month as a grid (`?maned=2026-12`, strict), the coming meetings by month and
the past meetings newest first, for all bodies or one (`?organ=<slug>`). The feeds are RFC 5545
with a VTIMEZONE for Europe/Oslo, stable UIDs and a SEQUENCE that grows with each publication.
Only what the meeting page itself shows publicly goes into a feed: title, time, place, status,
the agenda as the public sees it (public titles of exempt items) and the page's address.
"""

import calendar as pycalendar
import datetime
import re

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, Timezone
from wagtail.models import PageLogEntry

from cms.params import InvalidParameter, id_or_404, slug_or_none

from .models import AgendaItem, BodyPage, MeetingPage, MeetingStatus

MEETINGS_PER_PAGE = 20
# How far back the .ics feed reaches, so subscribers keep recent meetings in their calendar.
FEED_HISTORY = datetime.timedelta(days=365)
# At most this many meetings in one feed (from a year back, in date order), whatever it holds.
FEED_LIMIT = 500
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
    page_obj = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("side"))
    past_page = Paginator(past, MEETINGS_PER_PAGE).get_page(request.GET.get("tidligere"))

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

    in_month = list(in_month)
    bodies = BodyPage.objects.live().public().order_by("title").only("title", "slug")
    return TemplateResponse(
        request,
        "meetings/calendar.html",
        {
            "page_title": _("Møtekalender"),
            "meetings": page_obj,
            "past_meetings": past_page,
            "bodies": bodies,
            "chosen_body": body,
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "month_message": month_message,
            "weeks": month_grid(month, in_month, today),
            "month_meeting_count": len(in_month),
            "weekdays": WEEKDAYS,
            "previous_month_url": month_url(add_months(month, -1)),
            "next_month_url": month_url(add_months(month, 1)),
            "previous_month": add_months(month, -1),
            "next_month": add_months(month, 1),
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


def as_event(meeting, request):
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host()}")
    event.add("summary", meeting.title)
    if meeting.start_time:
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end or meeting.start + datetime.timedelta(hours=1))
    else:
        # No time of day in the record: an all-day event rather than an invented hour.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    place = ", ".join(p for p in [meeting.place_name, meeting.place_address] if p)
    if place:
        event.add("location", place)
    event.add("url", request.build_absolute_uri(meeting.url))
    event.add("status", ICS_STATUS.get(meeting.status, "CONFIRMED"))
    # Calendar apps replace an event they hold when SEQUENCE grows: the number of publications.
    event.add("sequence", getattr(meeting, "publications", 0))
    description = [meeting.get_status_display()]
    if meeting.status_reason:
        description.append(meeting.status_reason)
    lines = [" – ".join(description)]
    # The agenda as the public sees it: exempt items by their public title and legal basis.
    agenda = [item.public_text() for item in meeting.agenda_items.all()]
    if agenda:
        lines += ["", _("Saksliste:"), *agenda]
    lines += ["", request.build_absolute_uri(meeting.url)]
    event.add("description", "\n".join(lines))
    changed = meeting.last_published_at or timezone.now()
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    return event


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


def ics_response(meetings, request, name, filename="kalender.ics"):
    calendar = Calendar()
    calendar.add("prodid", "-//Rådhus//Møtekalender//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for meeting in meetings:
        calendar.add_component(as_event(meeting, request))
    # A VTIMEZONE for the zones the events use, as RFC 5545 asks; always Europe/Oslo, the
    # calendar's own zone (X-WR-TIMEZONE), also when every event is a whole day.
    calendar.add_missing_timezones()
    if not any(str(zone["tzid"]) == "Europe/Oslo" for zone in calendar.walk("VTIMEZONE")):
        calendar.add_component(Timezone.from_tzid("Europe/Oslo"))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """Every public meeting from a year back onwards, for subscribing in a calendar app."""
    body = chosen_body(request)
    meetings = public_meetings().filter(date__gte=timezone.localdate() - FEED_HISTORY)
    name = _("Møtekalender")
    if body is not None:
        meetings = meetings.filter(body_page=body)
        name = f"{name} – {body.title}"
    return ics_response(with_publications(meetings)[:FEED_LIMIT], request, name)


def meeting_ics(request, meeting_id):
    """One meeting, for "Legg til i kalender" on its page."""
    meeting = with_publications(public_meetings().filter(pk=id_or_404(meeting_id))).first()
    if meeting is None:
        raise Http404
    return ics_response([meeting], request, meeting.title, f"mote-{meeting.pk}.ics")
