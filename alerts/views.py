"""Subscribe (double opt-in), confirm, manage and unsubscribe; the privacy page."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cms.ratelimits import over_limit

from . import tokens
from .forms import SubscribeForm
from .models import Frequency, Kind, Subscriber, Subscription
from .outbox import queue_confirmation, subscription_label


def create_subscription(email, kind, fields, key, frequency):
    """The subscription (and subscriber) for `email`, made once however many requests race
    for it (`get_or_create` reads the row a concurrent request created)."""
    subscriber = Subscriber.objects.get_or_create(email=email)[0]
    subscription = Subscription.objects.get_or_create(
        subscriber=subscriber,
        key=key,
        defaults={"kind": kind, "frequency": frequency, **fields},
    )[0]
    if subscription.confirmed_at is None:
        queue_confirmation(subscription)
    return subscription


def render_form(request, form, status=200):
    return TemplateResponse(
        request,
        "alerts/subscribe.html",
        {"form": form, "page_title": _("E-postvarsler")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@csrf_exempt
def subscribe(request):
    """The subscribe form (also the target of the "Følg" boxes on pages).

    Exempt from CSRF on purpose: the "Følg" boxes sit on pages served from the anonymous page
    cache, which never stores a response that sets the CSRF cookie. Subscribing is anonymous
    and bound to no session, so a forged post can do nothing a direct one cannot; abuse is
    held off by the rate limit, the honeypot and the double opt-in.
    """
    if request.method == "GET":
        form = SubscribeForm(choose_type=True, initial={"kind": Kind.TYPE})
        return render_form(request, form)
    choose_type = request.POST.get("kind") == Kind.TYPE
    form = SubscribeForm(request.POST, choose_type=choose_type)
    if over_limit(request, "alerts.subscribe", settings.ALERTS_SUBSCRIBE_RATE):
        form.is_valid()
        form.add_error(None, _("Du har sendt for mange forespørsler. Vent litt og prøv igjen."))
        return render_form(request, form, status=429)
    if not form.is_valid():
        return render_form(request, form, status=400)
    if not form.is_bot:
        data = form.cleaned_data
        create_subscription(
            data["email"], data["kind"], data["fields"], data["key"], data["frequency"]
        )
    # The same answer whether or not the address was known: nothing about others is revealed.
    return redirect("alerts_sent")


def sent(request):
    return TemplateResponse(request, "alerts/sent.html", {"page_title": _("Sjekk e-posten din")})


def invalid_link(request):
    return TemplateResponse(
        request,
        "alerts/invalid_link.html",
        {"page_title": _("Lenken virker ikke")},
        status=404,
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Double opt-in: the link from the e-mail shows a button; the button confirms."""
    found = tokens.read_confirm_token(token)
    subscription = None
    if found is not None:
        subscriber, subscription_id = found
        subscription = subscriber.subscriptions.filter(pk=subscription_id).first()
    if subscription is None:
        return invalid_link(request)
    if request.method == "POST":
        now = timezone.now()
        if subscription.confirmed_at is None:
            subscription.confirmed_at = now
            subscription.save(update_fields=["confirmed_at"])
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        return redirect("alerts_manage", token=tokens.manage_token(subscriber))
    return TemplateResponse(
        request,
        "alerts/confirm.html",
        {
            "subscription": subscription,
            "label": subscription_label(subscription),
            "page_title": _("Bekreft e-postvarsel"),
        },
    )


def cancel(subscriber, ids):
    """Delete subscriptions; the address goes with the last one. True if it was deleted."""
    subscriber.subscriptions.filter(pk__in=ids).delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()
        return True
    return False


def farewell(request):
    return TemplateResponse(
        request, "alerts/unsubscribed.html", {"page_title": _("Du er meldt av")}
    )


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """Every subscription of one address, to change or cancel, from the link in each e-mail."""
    subscriber = tokens.read_manage_token(token)
    if subscriber is None:
        return invalid_link(request)
    if request.method == "POST":
        ids = list(subscriber.subscriptions.values_list("pk", flat=True))
        action = request.POST.get("action", "")
        if action == "cancel_all":
            cancel(subscriber, ids)
            return farewell(request)
        if action.startswith("cancel:"):
            chosen = action.removeprefix("cancel:")
            if chosen.isascii() and chosen.isdigit() and int(chosen) in ids:
                if cancel(subscriber, [int(chosen)]):
                    return farewell(request)
        elif action.startswith("frequency:"):
            chosen, _sep, frequency = action.removeprefix("frequency:").partition(":")
            if chosen.isdigit() and int(chosen) in ids and frequency in Frequency.values:
                subscriber.subscriptions.filter(pk=int(chosen)).update(frequency=frequency)
        return redirect("alerts_manage", token=token)
    subscriptions = [
        {"subscription": s, "label": subscription_label(s)}
        for s in subscriber.subscriptions.select_related("page", "tag", "content_type").order_by(
            "created_at", "pk"
        )
    ]
    return TemplateResponse(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "subscriptions": subscriptions,
            "frequencies": Frequency.choices,
            "page_title": _("Dine e-postvarsler"),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058): a POST to the `List-Unsubscribe` address is enough.

    Exempt from CSRF because mail programs post to it without a form; the signed token is the
    proof. A GET (a person following the link) shows a button, so link scanners that fetch
    every link cannot unsubscribe anyone.
    """
    found = tokens.read_unsubscribe_token(token)
    if found is None:
        return invalid_link(request)
    subscriber, ids = found
    if request.method == "POST":
        if cancel(subscriber, ids):
            return farewell(request)
        return redirect("alerts_manage", token=tokens.manage_token(subscriber))
    labels = [
        subscription_label(s)
        for s in subscriber.subscriptions.filter(pk__in=ids).select_related("page", "tag")
    ]
    return TemplateResponse(
        request,
        "alerts/unsubscribe.html",
        {
            "labels": labels,
            "manage_token": tokens.manage_token(subscriber),
            "page_title": _("Meld av e-postvarsel"),
        },
    )


def privacy(request):
    return TemplateResponse(
        request,
        "alerts/privacy.html",
        {"page_title": _("Personvern for e-postvarsler")},
    )
