from django.urls import path

from . import calendar

urlpatterns = [
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender.ics", calendar.calendar_feed, name="calendar_feed"),
    path("kalender/mote-<int:meeting_id>.ics", calendar.meeting_ics, name="meeting_ics"),
]
