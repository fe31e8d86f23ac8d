"""The meeting calendar: /kalender/ as a page for citizens and as iCalendar (.ics) feeds.

Only what the meeting page itself shows publicly goes into a feed: title, time, place,
status and the page's address. Agendas are left out, so exempt items cannot leak.
"""

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cms.params import id_or_404, slug_or_none

from .models import BodyPage, MeetingPage, MeetingStatus

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
        },
    )


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
    description = [meeting.get_status_display()]
    if meeting.status_reason:
        description.append(meeting.status_reason)
    event.add("description", " – ".join(description))
    event.add("dtstamp", meeting.last_published_at or timezone.now())
    return event


def ics_response(meetings, request, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Rådhus//Møtekalender//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for meeting in meetings:
        calendar.add_component(as_event(meeting, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalender.ics"'
    return response


def calendar_feed(request):
    """Every public meeting from a year back onwards, for subscribing in a calendar app."""
    body = chosen_body(request)
    meetings = public_meetings().filter(date__gte=timezone.localdate() - FEED_HISTORY)
    name = _("Møtekalender")
    if body is not None:
        meetings = meetings.filter(body_page=body)
        name = f"{name} – {body.title}"
    return ics_response(meetings[:FEED_LIMIT], request, name)


def meeting_ics(request, meeting_id):
    """One meeting, for "Legg til i kalender" on its page."""
    meeting = public_meetings().filter(pk=id_or_404(meeting_id)).first()
    if meeting is None:
        raise Http404
    return ics_response([meeting], request, meeting.title)
