from django.urls import path

from . import views

urlpatterns = [
    path("varsler/", views.subscribe, name="alerts_subscribe"),
    path("varsler/sendt/", views.sent, name="alerts_sent"),
    path("varsler/bekreft/<str:token>/", views.confirm, name="alerts_confirm"),
    path("varsler/abonnement/<str:token>/", views.manage, name="alerts_manage"),
    path("varsler/avmeld/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
    path("personvern/varsler/", views.privacy, name="alerts_privacy"),
]
