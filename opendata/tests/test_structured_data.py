"""schema.org JSON-LD on public pages, robots.txt and the sitemap's host and lastmod."""

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from meetings.models import InvitationPage, MeetingPage, MeetingStatus

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200
    blocks = [json.loads(block) for block in LD_JSON.findall(response.content.decode())]
    return {block["@type"]: block for block in blocks}


@pytest.mark.django_db
def test_home_describes_the_municipality(module_demo_site, client):
    blocks = json_ld(client, "/")
    organisation = blocks["GovernmentOrganization"]
    assert organisation["@context"] == "https://schema.org"
    assert organisation["name"] == "Levanger kommune"
    assert organisation["url"] == "http://testserver/"
    assert organisation["address"]["@type"] == "PostalAddress"


@pytest.mark.django_db
def test_every_page_has_a_breadcrumb_list_that_matches_its_place(module_demo_site, client):
    meeting = MeetingPage.objects.filter(place_address__gt="").first()
    blocks = json_ld(client, meeting.url)
    trail = blocks["BreadcrumbList"]["itemListElement"]
    assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
    assert trail[0]["item"] == "http://testserver/"
    assert trail[-1] == {
        "@type": "ListItem",
        "position": len(trail),
        "name": meeting.title,
        "item": "http://testserver" + meeting.url,
    }
    search = json_ld(client, "/sok/?q=plan")["BreadcrumbList"]["itemListElement"]
    assert search[-1]["item"] == "http://testserver/sok/"


@pytest.mark.django_db
def test_meeting_is_an_event_with_place_organizer_and_status(module_demo_site, client):
    meeting = MeetingPage.objects.filter(place_address__gt="", start_time__isnull=False).first()
    event = json_ld(client, meeting.url)["Event"]
    assert event["name"] == meeting.title
    assert event["startDate"] == meeting.start.isoformat()
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"]["streetAddress"] == meeting.place_address
    assert event["organizer"]["name"] == meeting.body_page.title
    assert event["organizer"]["@type"] in ("GovernmentOrganization", "Organization")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"

    meeting.status, meeting.status_reason = MeetingStatus.CANCELLED, "Sykdom"
    meeting.video_url = "https://video.example.org/mote"
    meeting.save_revision().publish()
    event = json_ld(client, meeting.url)["Event"]
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {"Place", "VirtualLocation"} == {place["@type"] for place in event["location"]}


@pytest.mark.django_db
def test_invitation_describes_its_meeting_as_an_event(module_demo_site, client):
    invitation = InvitationPage.objects.first()
    meeting = invitation.get_parent().specific
    event = json_ld(client, invitation.url)["Event"]
    assert event["url"] == "http://testserver" + invitation.url
    assert event["startDate"] == meeting.start.isoformat()


@pytest.mark.django_db
def test_json_ld_cannot_close_its_script_element(module_demo_site, client):
    meeting = MeetingPage.objects.first()
    meeting.title = "</script><script>alert(1)</script>"
    meeting.save_revision().publish()
    html = client.get(meeting.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(client, meeting.url)["Event"]["name"] == meeting.title


@pytest.mark.django_db
def test_robots_txt_allows_the_site_but_not_the_admin_or_old_versions(module_demo_site, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /*/versjoner/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def sitemap_locations(client, **headers):
    """Every (loc, lastmod) of the sitemaps that /sitemap.xml (an index) lists."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    urls = []
    for entry in index.findall("s:sitemap", SITEMAP_NS):
        location = urlsplit(entry.find("s:loc", SITEMAP_NS).text)
        path = location.path + (f"?{location.query}" if location.query else "")
        section = client.get(path, **headers)
        assert section.status_code == 200, path
        root = ET.fromstring(section.content)
        urls += [
            (url.find("s:loc", SITEMAP_NS).text, url.find("s:lastmod", SITEMAP_NS))
            for url in root.findall("s:url", SITEMAP_NS)
        ]
    return urls


@pytest.mark.django_db
def test_sitemap_names_the_host_that_serves_it_with_lastmod(module_demo_site, client, settings):
    settings.ALLOWED_HOSTS = ["radhus.levanger.no"]
    urls = sitemap_locations(client, HTTP_HOST="radhus.levanger.no")
    assert len(urls) > 10
    assert all(loc.startswith("http://radhus.levanger.no/") for loc, _ in urls)
    assert all(lastmod is not None and lastmod.text for _, lastmod in urls)


@pytest.mark.django_db
def test_canonical_base_url_setting_wins(module_demo_site, client, settings):
    settings.RADHUS_BASE_URL = "https://www.levanger.kommune.no/"
    urls = sitemap_locations(client)
    assert all(loc.startswith("https://www.levanger.kommune.no/") for loc, _ in urls)
    assert (
        "Sitemap: https://www.levanger.kommune.no/sitemap.xml"
        in client.get("/robots.txt").content.decode().splitlines()
    )
    system = json.loads(client.get("/oparl/v1/").content)
    assert system["id"] == "https://www.levanger.kommune.no/oparl/v1/"


@pytest.mark.django_db
def test_the_sitemap_index_lists_every_page_of_a_long_section(module_demo_site, client):
    """A section longer than the limit is split: the index lists each of its pages, and
    together they hold every page of the site once."""
    from cms import sitemaps

    everything = sorted(loc for loc, _ in sitemap_locations(client))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sitemaps.SectionSitemap, "limit", 1)
        index = client.get("/sitemap.xml").content.decode()
        split = sorted(loc for loc, _ in sitemap_locations(client))
    assert "/sitemap-sider.xml?p=2" in index and "/sitemap-moter.xml?p=2" in index
    assert split == everything
