"""Scale-out: two app servers on one PostgreSQL and one Redis, as docs/operations.md sets it up.

Two gunicorn instances with the production settings share a database and a Redis server of
their own (cache and sessions). The test plays the TLS-terminating load balancer in front of
them: it sends `X-Forwarded-Proto: https` and returns secure cookies over plain HTTP.
An editor publishes on instance A through the admin; an anonymous visitor of instance B sees
the new version at once, on every page that shows it, although both had it cached.
"""

import json

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="scale-out: app servers share one PostgreSQL"
    ),
]

# What the load balancer adds: the scheme the browser used and the public host name, the same
# for every node (the page cache is per host).
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "localhost"}
PUBLIC_URL = "https://localhost"
EDITOR = ("driftsleder", "Skalering-passord-42")
NEW_CASE_TITLE = "Rekruttering i helse: revidert temaplan etter høring"
NEW_PLAN_TITLE = "Kompetanseløftet i helse og omsorg 2025"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, live_tools, redis_url):
    """Instances A and B: production settings, one PostgreSQL database, one Redis, one media."""
    tmp_dir = tmp_path_factory.mktemp("scaleout")
    with live_tools.demo_database(tmp_dir, "_scaleout") as database_url:
        env = live_tools.env(
            DJANGO_SETTINGS_MODULE="cms.settings.production",
            SECRET_KEY="scale-out-test-key-" + "x" * 40,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            MEDIA_ROOT=str(tmp_dir / "media"),
            STATIC_ROOT=str(tmp_dir / "static"),
            LOG_FORMAT="json",
            PAGE_CACHE_SECONDS="300",
        )
        commands = live_tools.commands(env)
        commands.manage("collectstatic", "--noinput", "-v", "0")
        commands.shell(
            "from django.contrib.auth import get_user_model\n"
            f"get_user_model().objects.create_superuser({EDITOR[0]!r}, 'd@example.org', "
            f"{EDITOR[1]!r})\n"
        )
        with (
            live_tools.serve(env, tmp_dir / "a.log") as server_a,
            live_tools.serve(env, tmp_dir / "b.log") as server_b,
        ):
            yield server_a, server_b


def editor_session(server):
    """A browser session of an editor logged in to the admin of `server`, through the proxy."""
    import requests

    class BehindTheProxy(requests.Session):
        """The proxy speaks HTTPS to the browser, so its secure cookies reach the nodes."""

        def prepare_request(self, request):
            prepared = super().prepare_request(request)
            cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
            prepared.headers.pop("Cookie", None)
            if cookies:
                prepared.headers["Cookie"] = cookies
            return prepared

    session = BehindTheProxy()
    session.headers.update(PROXY_HEADERS)
    return server.admin_session(*EDITOR, session=session)


def visit(server, path):
    """An anonymous visitor (no cookies) through the proxy."""
    import requests

    return requests.get(server.url + path, headers=PROXY_HEADERS, timeout=60, allow_redirects=False)


def draft_changes(server):
    """Drafts (not published) of a new case title and plan title, as an editor saves them."""
    out = server.shell(
        "import json\n"
        "from django.contrib.auth import get_user_model\n"
        "from meetings.models import CasePage\n"
        "from plans.models import PlanPage\n"
        f"editor = get_user_model().objects.get(username={EDITOR[0]!r})\n"
        "case = CasePage.objects.get(url_path__endswith='/saker/2019-27/')\n"
        "plan = PlanPage.objects.get(slug='kompetanseloft-2025')\n"
        "old = {'case': case.title, 'plan': plan.title}\n"
        f"case.title = {NEW_CASE_TITLE!r}\n"
        "case.save_revision(user=editor)\n"
        f"plan.title = {NEW_PLAN_TITLE!r}\n"
        "plan.save_revision(user=editor)\n"
        "print(json.dumps({\n"
        "    'ids': [case.pk, plan.pk],\n"
        "    'old': old,\n"
        "    'case': case.url, 'body': case.get_parent().url, 'plan': plan.url,\n"
        "    'tag': '/tema/%s/' % plan.tags.first().slug,\n"
        "}))\n"
    )
    return json.loads(out.strip().splitlines()[-1])


def publish_in_admin(session, server, page_ids):
    """Publish the latest drafts of `page_ids` with the admin's bulk action, as an editor does."""
    query = "&".join(f"id={pk}" for pk in page_ids)
    url = f"{server.url}/admin/bulk/wagtailcore/page/publish/?next=/admin/&{query}"
    form = session.get(url, timeout=60)
    assert form.status_code == 200, form.text[:500]
    response = session.post(
        url,
        data={"csrfmiddlewaretoken": csrf_token(form.text)},
        headers={"Referer": PUBLIC_URL + url.removeprefix(server.url)},
        timeout=120,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:1000]


def csrf_token(html):
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_publish_on_one_instance_is_shown_by_the_other_at_once(two_servers):
    server_a, server_b = two_servers
    change = draft_changes(server_a)
    shows_case = [change["case"], change["body"], "/"]
    shows_plan = [change["plan"], "/planer/", "/", change["tag"]]

    # Both instances serve the listings from the one shared cache, still the old version: A
    # stores a page, and B's very first request is already a hit. (Pages with a form, such as
    # the case's "Følg saken", set a CSRF cookie and are never stored.)
    cached = set()
    for path in dict.fromkeys(shows_case + shows_plan):
        assert visit(server_a, path).status_code == 200, path
        if visit(server_a, path).headers["X-Cache"] == "HIT":
            cached.add(path)
            assert visit(server_b, path).headers["X-Cache"] == "HIT", path
    assert {change["body"], "/", "/planer/", change["tag"]} <= cached
    for path in shows_case:
        html = visit(server_b, path).text
        assert change["old"]["case"] in html and NEW_CASE_TITLE not in html, path
    for path in shows_plan:
        assert NEW_PLAN_TITLE not in visit(server_b, path).text, path

    with editor_session(server_a) as session:
        publish_in_admin(session, server_a, change["ids"])

    for path in dict.fromkeys(shows_case + shows_plan):
        response = visit(server_b, path)
        assert response.status_code == 200, path
        assert response.headers["X-Cache"] == "MISS", path
        assert NEW_CASE_TITLE in response.text or path not in shows_case, path
        assert NEW_PLAN_TITLE in response.text or path not in shows_plan, path
    assert f"<title>{NEW_PLAN_TITLE} –" in visit(server_b, change["plan"]).text
    assert f"<title>{NEW_CASE_TITLE} –" in visit(server_b, change["case"]).text
    # And A, which rendered the publish, is fresh too.
    assert NEW_CASE_TITLE in visit(server_a, change["body"]).text
    for server in two_servers:
        assert '"level": "ERROR"' not in server.log_path.read_text(), server.log_path


def test_a_session_made_on_one_instance_is_valid_on_the_other(two_servers, redis_url, request):
    import redis

    server_a, server_b = two_servers
    session = editor_session(server_a)
    request.addfinalizer(session.close)  # no keep-alive connection holds up the shutdown
    session_key = session.cookies["sessionid"]

    on_b = session.get(server_b.url + "/admin/", timeout=60, allow_redirects=False)
    assert on_b.status_code == 200
    assert 'data-controller="w-' in on_b.text
    # Sessions are read from the shared Redis (and written through to the database).
    keys = redis.Redis.from_url(redis_url).keys(f"*sessions.cached_db{session_key}")
    assert len(keys) == 1

    # Logging out on B ends the session on A too.
    logout_url = server_b.url + "/admin/logout/"
    session.post(
        logout_url,
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": PUBLIC_URL + "/admin/"},
        timeout=60,
    )
    on_a = session.get(server_a.url + "/admin/", timeout=60, allow_redirects=False)
    assert on_a.status_code == 302
    assert "/admin/login/" in on_a.headers["Location"]


def test_both_instances_report_healthy_and_uncached(two_servers):
    for server in two_servers:
        response = visit(server, "/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
