"""OParl 1.1 under /oparl/v1/ (mounted by cms/urls.py)."""

from django.urls import path

from . import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("bodies/", views.body_list, name="body-list"),
    path("body/<int:pk>/", views.body, name="body"),
    path("body/<int:pk>/<slug:kind>/", views.body_object_list, name="list"),
    path(
        "organization/<int:pk>/meetings/",
        views.organization_meetings,
        name="organization-meetings",
    ),
    path("<slug:kind>/<slug:key>/", views.oparl_object, name="object"),
]
