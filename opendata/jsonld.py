"""schema.org JSON-LD: the municipality, breadcrumbs, and meetings as events."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from cms.models import SiteSettings
from cms.site import absolute, base_url, serving_site
from meetings.models import InvitationPage, MeetingPage, MeetingStatus

EVENT_STATUS = {
    MeetingStatus.CANCELLED: "https://schema.org/EventCancelled",
    MeetingStatus.POSTPONED: "https://schema.org/EventPostponed",
}
# Characters that could end the <script> element or start markup, escaped as in json_script.
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def script(data):
    """A <script type="application/ld+json"> block (data, never executed)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def page_url(request, page):
    return absolute(request, page.relative_url(serving_site(request), request))


def municipality(request):
    settings = SiteSettings.for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": settings.municipality_name,
        "url": base_url(request) + "/",
    }
    if settings.email:
        data["email"] = settings.email
    if settings.phone:
        data["telephone"] = settings.phone
    if settings.organisation_number:
        data["identifier"] = settings.organisation_number.replace(" ", "")
    if settings.visiting_address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": settings.visiting_address}
    return data


def breadcrumbs(request, page=None, title=""):
    """Home → ancestors → this page, as the visible breadcrumb trail shows them."""
    items = []
    if page is not None:
        ancestors = getattr(page, "public_ancestors", None)
        if ancestors is None:
            ancestors = page.get_ancestors().filter(depth__gt=1).live()
        trail = [*ancestors, page]
        items = [(ancestor.title, page_url(request, ancestor)) for ancestor in trail]
    elif title:
        items = [(SiteSettings.for_request(request).municipality_name, base_url(request) + "/")]
        items.append((str(title), absolute(request, request.path)))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def event(request, meeting, invitation=None):
    """A meeting as a schema.org Event (the invitation describes the same event)."""
    body = meeting.body_page
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": page_url(request, invitation or meeting),
        "startDate": meeting.start if meeting.start_time else meeting.date,
        "eventStatus": EVENT_STATUS.get(meeting.status, "https://schema.org/EventScheduled"),
    }
    if meeting.end is not None:
        data["endDate"] = meeting.end
    locations = []
    if meeting.place_name or meeting.place_address:
        place = {"@type": "Place", "name": meeting.place_name or meeting.place_address}
        if meeting.place_address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": meeting.place_address}
        locations.append(place)
    if meeting.video_url:
        locations.append({"@type": "VirtualLocation", "url": meeting.video_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    data["eventAttendanceMode"] = "https://schema.org/" + (
        "MixedEventAttendanceMode"
        if meeting.video_url and len(locations) == 2
        else "OnlineEventAttendanceMode"
        if meeting.video_url
        else "OfflineEventAttendanceMode"
    )
    if body is not None and body.live:
        data["organizer"] = {
            "@type": "Organization" if body.kind == "external" else "GovernmentOrganization",
            "name": body.title,
            "url": page_url(request, body),
        }
    return data


def event_for(request, page):
    if isinstance(page, MeetingPage):
        return event(request, page)
    if isinstance(page, InvitationPage):
        meeting = page.get_parent().specific
        if isinstance(meeting, MeetingPage):
            return event(request, meeting, invitation=page)
    return None
