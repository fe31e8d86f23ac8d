"""Subscribing, matching, digests, exempt content, hostile input and concurrent subscribers."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from taggit.models import Tag

from alerts import outbox, tokens
from alerts.models import Delivery, Frequency, Kind, Subscriber, Subscription
from meetings.factories import CasePageFactory
from plans.factories import PlanPageFactory


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.ALERTS_SUBSCRIBE_RATE = "10000/m"


def follow(kind, target, email="innbygger@example.no", frequency=Frequency.IMMEDIATE, **fields):
    """A confirmed subscription, as if made through the form and the confirmation link."""
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    key = Subscription.make_key(kind, target)
    return Subscription.objects.create(
        subscriber=subscriber,
        kind=kind,
        key=key,
        frequency=frequency,
        confirmed_at=timezone.now(),
        **fields,
    )


def send(*args):
    call_command("send_alerts", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_subscribe_box_on_case_body_tag_and_search_pages(site_tree, publish, client):
    case = CasePageFactory(parent=site_tree["body"], title="Skolebruksplan")
    publish(case, tags=["skole"])
    expectations = {
        case.url: "Følg saken",
        site_tree["body"].url: "Følg organet",
        "/tema/skole/": "Følg temaet",
        "/sok/?q=skole": "Følg søket",
    }
    for url, heading in expectations.items():
        html = client.get(url).content.decode()
        assert heading in html, url
        assert 'action="/varsler/"' in html
        assert 'name="website"' in html  # the honeypot


def test_form_page_subscribes_to_a_document_type_after_confirmation(site_tree, publish, client):
    assert "Dokumenttype" in client.get("/varsler/").content.decode()
    response = client.post(
        "/varsler/",
        {
            "email": " Innbygger@Example.NO ",
            "frequency": "immediate",
            "kind": "type",
            "target": "planer",
        },
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.subscriber.email == "innbygger@example.no"
    assert subscription.confirmed_at is None
    publish(PlanPageFactory(parent=site_tree["plans"], title="Kulturplan"))
    send()
    [confirmation] = mail.outbox  # only the confirmation: nothing before it is confirmed
    assert "Bekreft" in confirmation.subject
    assert "planer" in confirmation.body.lower()


def test_tag_type_search_and_case_subscriptions_match(site_tree, publish):
    case = CasePageFactory(parent=site_tree["body"], title="Vannforsyning i Åsen")
    tag = Tag.objects.create(name="vann", slug="vann")
    follow(Kind.TAG, tag.pk, email="tag@example.no", tag=tag)
    follow(Kind.PAGE, case.pk, email="sak@example.no", page=case)
    follow(Kind.SEARCH, "vannforsyning", email="sok@example.no", query="vannforsyning")
    follow(Kind.SEARCH, "bibliotek", email="annet@example.no", query="bibliotek")
    follow(
        Kind.TYPE,
        case.content_type_id,
        email="type@example.no",
        content_type=case.content_type,
    )
    follow(
        Kind.PAGE, site_tree["other"].pk, email="annet-organ@example.no", page=site_tree["other"]
    )
    publish(case, tags=["vann"])
    send()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "sak@example.no",
        "sok@example.no",
        "tag@example.no",
        "type@example.no",
    ]
    assert all("Vannforsyning i Åsen" in m.subject for m in mail.outbox)


def test_daily_digest_gathers_publications_in_one_message(site_tree, publish):
    follow(Kind.PAGE, site_tree["body"].pk, page=site_tree["body"], frequency=Frequency.DAILY)
    publish(CasePageFactory(parent=site_tree["body"], title="Første sak"))
    publish(CasePageFactory(parent=site_tree["body"], title="Andre sak"))
    send()
    assert mail.outbox == []
    send("--digest")
    [digest] = mail.outbox
    assert "Første sak" in digest.body and "Andre sak" in digest.body
    assert "(2)" in digest.subject
    send("--digest")
    assert len(mail.outbox) == 1


def test_exempt_case_alert_names_only_the_public_title(site_tree, publish):
    follow(Kind.PAGE, site_tree["body"].pk, page=site_tree["body"])
    case = CasePageFactory(
        parent=site_tree["body"],
        title="Personalsak",
        exempt=True,
        exempt_basis="Offl. § 13",
        search_description="Advarsel til Ola Hansen",
        facts="<p>Ola Hansen har fått advarsel.</p>",
    )
    publish(case)
    send()
    [alert] = mail.outbox
    assert "Personalsak" in alert.subject
    html = alert.alternatives[0][0]
    for text in (alert.subject, alert.body, html):
        assert "Ola Hansen" not in text
    assert "Unntatt offentlighet" in alert.body


def test_no_alert_for_publications_before_the_confirmation(site_tree, publish):
    publish(CasePageFactory(parent=site_tree["body"], title="Gammel sak"))
    follow(Kind.PAGE, site_tree["body"].pk, page=site_tree["body"])
    send()
    assert mail.outbox == []


def test_honeypot_pretends_and_stores_nothing(site_tree, client):
    response = client.post(
        "/varsler/",
        {
            "email": "bot@example.no",
            "frequency": "immediate",
            "kind": "page",
            "target": site_tree["body"].pk,
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_subscribe_form_is_rate_limited(site_tree, client, settings):
    settings.ALERTS_SUBSCRIBE_RATE = "3/10m"
    data = {
        "email": "a@example.no",
        "frequency": "daily",
        "kind": "page",
        "target": site_tree["body"].pk,
    }
    statuses = [client.post("/varsler/", data).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert "for mange" in client.post("/varsler/", data).content.decode()
    # Repeated requests queue one confirmation, not one per request.
    assert Delivery.objects.filter(kind=Delivery.Kind.CONFIRM).count() == 1


def test_bad_input_gets_norwegian_errors(site_tree, client):
    response = client.post(
        "/varsler/",
        {
            "email": "ikke-en-adresse",
            "frequency": "immediate",
            "kind": "page",
            "target": "99999999999999999999",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "gyldig e-postadresse" in html
    assert "finnes ikke eller er ikke offentlig" in html


@pytest.mark.parametrize(
    "path",
    ["/varsler/bekreft/x/", "/varsler/abonnement/%00/", "/varsler/avmeld/eyJzIjoxfQ:abc:def/"],
)
def test_forged_links_are_refused(site_tree, client, path):
    assert client.get(path).status_code == 404
    assert Client(enforce_csrf_checks=True).post(path).status_code in (403, 404)


def test_a_link_for_a_deleted_address_stays_dead(site_tree):
    subscription = follow(Kind.PAGE, site_tree["body"].pk, page=site_tree["body"])
    token = tokens.manage_token(subscription.subscriber)
    subscription.subscriber.delete()
    Subscriber.objects.create(pk=subscription.subscriber_id, email="ny@example.no")
    assert tokens.read_manage_token(token) is None


def test_privacy_page_explains_what_is_stored(client, site_tree):
    html = client.get("/personvern/varsler/").content.decode()
    assert "personopplysning" in html
    assert "sletter vi adressen din" in html


TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["\x00", "<script>alert(1)</script>", "9" * 40, "ａｄｍｉｎ@example.no", "a" * 10_000]
    ),
)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    email=TEXT,
    frequency=TEXT,
    kind=st.one_of(TEXT, st.sampled_from(Kind.values)),
    target=TEXT,
    website=TEXT,
)
def test_hostile_subscribe_input_never_fails(site_tree, email, frequency, kind, target, website):
    response = Client().post(
        "/varsler/",
        {
            "email": email,
            "frequency": frequency,
            "kind": kind,
            "target": target,
            "website": website,
        },
    )
    assert response.status_code in (302, 400)
    assert b"<script>alert(1)</script>" not in response.content


def test_concurrent_subscriptions_make_one_subscriber(live_gunicorn):
    """Twenty posts of one address for one body at the same moment, against gunicorn with
    two workers on the project's own database set-up: all answered, one subscriber, one
    subscription and one confirmation e-mail queued."""
    import requests

    email = "samme@example.no"
    body = live_gunicorn.shell(
        "from meetings.models import BodyPage\n"
        "print(BodyPage.objects.live().order_by('path').values_list('pk', flat=True)[0])\n"
    )
    data = {"email": email, "frequency": "immediate", "kind": "page", "target": body.split()[-1]}
    barrier = threading.Barrier(20)

    def post(_):
        barrier.wait()
        url = live_gunicorn.url + "/varsler/"
        return requests.post(url, data=data, allow_redirects=False, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(post, range(20)))
    assert statuses == [302] * 20
    counts = live_gunicorn.shell(
        "from alerts.models import Delivery, Subscriber, Subscription\n"
        f"email = {email!r}\n"
        "print(Subscriber.objects.filter(email=email).count(),\n"
        "      Subscription.objects.filter(subscriber__email=email).count(),\n"
        "      Delivery.objects.filter(subscription__subscriber__email=email).count())\n"
    )
    assert counts.split()[-3:] == ["1", "1", "1"]


def test_saved_search_for_an_exempt_word_gets_no_alert(site_tree, publish):
    follow(Kind.SEARCH, "nordmann", query="Nordmann")
    follow(Kind.SEARCH, "personalsak", email="tittel@example.no", query="Personalsak")
    case = CasePageFactory(
        parent=site_tree["body"],
        title="Personalsak",
        exempt=True,
        exempt_basis="Offl. § 13",
        facts="<p>Kari Nordmann har fått advarsel.</p>",
    )
    publish(case)
    send()
    assert [m.to for m in mail.outbox] == [["tittel@example.no"]]


def test_unconfirmed_addresses_and_old_messages_are_deleted(site_tree, publish):
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        stale = follow(
            Kind.PAGE, site_tree["body"].pk, email="gammel@example.no", page=site_tree["body"]
        )
        Subscription.objects.filter(pk=stale.pk).update(confirmed_at=None)
        kept = follow(Kind.PAGE, site_tree["body"].pk, page=site_tree["body"])
        publish(CasePageFactory(parent=site_tree["body"], title="Gammel sak"))
        send()
    assert Delivery.objects.filter(subscription=kept, sent_at__isnull=False).exists()
    send()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["innbygger@example.no"]
    assert not Delivery.objects.exists()


def test_one_run_works_through_the_whole_outbox(site_tree, publish):
    for number in range(5):
        follow(
            Kind.PAGE, site_tree["body"].pk, email=f"n{number}@example.no", page=site_tree["body"]
        )
    publish(CasePageFactory(parent=site_tree["body"], title="Mange abonnenter"))
    outbox.queue_publications()
    assert outbox.send_due(batch=2) == (5, 0)
    assert sorted(m.to[0] for m in mail.outbox) == [f"n{n}@example.no" for n in range(5)]
