"""Site search: one full-text query, facets counted over its hits, excerpts that show why.

The search runs through Wagtail's search backend (PostgreSQL: the `norwegian` configuration
stems "planen", "planer" and "plan" alike), plus one prefix query (`autocomplete`) so that the
start of a compound word finds it ("kompetanse" finds "Kompetanseforum"). The full-text query
returns only small rows: page id, type, body and date of every hit. Body and date come from
the page types themselves: a concrete page type may define `search_facets(prefix)` returning
expressions for "body" (a page id) and "date", relative to `Page` with `prefix` (its reverse
one-to-one from `Page`). Facets, filters and sorting then work on those rows in Python, and
only the shown page of results is loaded as specific pages, whose `search_excerpt_sources()`
give the excerpts.

Everything a search shows is the same for every visitor until the next change, so it is kept
under the content generation (cms.cache): the hits per query, the outcome (filtered rows,
facets) per query, filters, sort and language, the facet list's HTML with it, and each shown
page of results per page number and host. A repeated search is a few cache reads.
"""

import datetime
import json
import re
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import DateField, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, get_page_models
from wagtail.search.query import PlainText
from wagtail.search.utils import parse_query_string

from .cache import cached_fragment, key_digest
from .lookups import live_public_pages
from .params import InvalidParameter, parse_year, slug_or_none
from .site import base_url

SORT_RELEVANCE = "relevans"
SORT_DATE = "dato"
SORTS = (SORT_RELEVANCE, SORT_DATE)
RESULTS_PER_PAGE = 10
# Tag look-ups go to the database in chunks, so a broad search never hits a parameter limit.
ID_CHUNK = 2000
EXCERPT_BEFORE = 90
EXCERPT_AFTER = 220


class Hit(NamedTuple):
    """One hit: plain numbers (the date as its ordinal), so that the cached list of a broad
    search is stored and read as tuples, quickly."""

    pk: int
    content_type_id: int
    body_id: int | None
    day: int | None
    year: int | None = None
    tags: tuple = ()

    @property
    def date(self):
        return datetime.date.fromordinal(self.day) if self.day else None

    @property
    def facet_year(self):
        """The year facet: the type's own year (a case's year), else the year of its date."""
        return self.year or (self.date.year if self.day else None)


def facet_expressions():
    """{"facet_body": ..., "facet_date": ..., "facet_year": ...} over Page, from every type that
    declares facets (a "year" where the year is not that of the date)."""
    bodies, dates, years = [], [], []
    for model in get_page_models():
        if not hasattr(model, "search_facets") or Page not in model._meta.parents:
            continue
        expressions = model.search_facets(f"{model._meta.model_name}__")
        if "body" in expressions:
            bodies.append(expressions["body"])
        if "date" in expressions:
            dates.append(expressions["date"])
        if "year" in expressions:
            years.append(expressions["year"])

    def first_of(expressions, output_field):
        if not expressions:
            return Value(None, output_field=output_field)
        if len(expressions) == 1:
            return expressions[0]
        return Coalesce(*expressions, output_field=output_field)

    return {
        "facet_body": first_of(bodies, IntegerField()),
        "facet_date": first_of(dates, DateField()),
        "facet_year": first_of(years, IntegerField()),
    }


def is_sqlite_fts(compiler):
    """Whether `compiler` is Wagtail's SQLite FTS5 query compiler."""
    if connections[compiler.queryset.db].vendor != "sqlite":
        return False
    try:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchQueryCompiler
    except (ImportError, LookupError):
        return False
    return isinstance(compiler, SQLiteSearchQueryCompiler)


def sqlite_scores_query(results):
    """The FTS query of Wagtail's SQLite backend for the search `results`, selecting each hit's
    object id and score: the same MATCH and rank expression Wagtail builds. None when the
    search is not a plain full-text match (match-all or negated queries)."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    normalized = normalize(compiler.query)
    if isinstance(normalized, (MatchAll, Not)):
        return None
    config = compiler.get_config(results.backend)
    search_query = compiler.build_search_query(normalized, config=config)
    if search_query is None:
        return None
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model)
        )
        .annotate(scored_id=F("index_entry__object_id"), score=rank)
        .values_list("scored_id", "score")
    )


def ranked_rows(search, query, annotations, columns):
    """`columns` of every hit of `search(query)` (a queryset's `search` or `autocomplete`),
    best first: Wagtail's relevance order, read in one pass.

    Wagtail's SQLite backend orders by relevance with a correlated subquery that runs the FTS
    MATCH and bm25() again for every hit, which is quadratic in the number of hits (seconds at
    10,000 cases). Here the scores are read once: Wagtail's own MATCH and rank expression over
    the FTS table, materialised once, joined to the unordered hits and sorted as Wagtail sorts
    them (score, then newest id first). Other backends rank in one pass themselves.
    """
    results = search(query, order_by_relevance=False)
    if is_sqlite_fts(results.query_compiler):
        scores = sqlite_scores_query(results)
        if scores is not None:
            hits = results.get_queryset().annotate(ranked_pk=F("pk"), **annotations)
            return sqlite_ranked_rows(hits.values_list(*columns, "ranked_pk"), scores, columns)
    ranked = search(query, order_by_relevance=True).get_queryset()
    return list(ranked.annotate(**annotations).values_list(*columns))


def sqlite_ranked_rows(hits, scores, columns):
    """Run `hits` (a values_list queryset ending with "ranked_pk") joined to `scores`
    ("scored_id", "score") in one statement, ordered by score, then id descending, as Wagtail
    orders them."""
    using = hits.db
    connection = connections[using]
    compiler = hits.query.get_compiler(using)
    try:
        hits_sql, hits_params = compiler.as_sql()
        scores_sql, scores_params = scores.query.sql_with_params()
    except EmptyResultSet:
        return []
    # "LIMIT -1" (no limit) keeps SQLite from flattening the FTS query into the join, where
    # it could run the MATCH (and bm25's statistics) once per hit again: it runs once.
    sql = (
        f"SELECT ranked_hits.*, ranking_scores.score FROM ({hits_sql}) AS ranked_hits "
        f"JOIN ({scores_sql} LIMIT -1) AS ranking_scores "
        "ON ranking_scores.scored_id = CAST(ranked_hits.ranked_pk AS TEXT) "
        "ORDER BY ranking_scores.score, ranked_hits.ranked_pk DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*hits_params, *scores_params))
        raw = cursor.fetchall()
    # The ORM's converters (dates, datetimes) on the columns in the order the SQL selects them.
    names = [alias for _expression, _sql, alias in compiler.select]
    seen, rows = set(), []
    for row in compiler.results_iter(results=[raw]):
        values = dict(zip(names, row, strict=False))
        if values["ranked_pk"] in seen:
            continue
        seen.add(values["ranked_pk"])
        rows.append(tuple(values[name] for name in columns))
    return rows


def query_terms(query):
    """The words of the query, lower case, for highlighting (quotes and operators dropped)."""
    return [word.lower() for word in re.findall(r"\w+", query) if len(word) > 1]


def term_pattern(terms):
    """A regex matching whole words that contain a query word or its likely stem.

    Stemming and compound words mean the hit may be "planer" for "planen" or
    "Kompetanseforum" for "kompetanse": a word matches when it contains the query word
    without its last letters (at least four letters are kept).
    """
    stems = set()
    for term in terms:
        if len(term) > 5:
            term = term[: max(4, len(term) - 3)]
        stems.add(re.escape(term))
    if not stems:
        return None
    alternatives = "|".join(sorted(stems, key=len, reverse=True))
    return re.compile(rf"\w*(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text, pattern):
    """`text` escaped, with the matches of `pattern` in <mark>."""
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def excerpt(sources, pattern):
    """(excerpt html, attachment title or "") from the first source where a query word occurs.

    `sources` are (attachment title or "", text) pairs; when no word occurs in them (the hit
    was the title, or a stemmed form the pattern does not see) the start of the first text.
    """
    sources = [(label, " ".join((text or "").split())) for label, text in sources]
    sources = [(label, text) for label, text in sources if text]
    if not sources:
        return "", ""
    for label, text in sources:
        match = pattern.search(text) if pattern is not None else None
        if match is None:
            continue
        start = max(0, match.start() - EXCERPT_BEFORE)
        end = min(len(text), match.end() + EXCERPT_AFTER)
        if start > 0:
            start = text.find(" ", start, match.start()) + 1 or start
        if end < len(text):
            space = text.rfind(" ", match.end(), end)
            end = space if space > 0 else end
        window = text[start:end]
        html = highlight(window, pattern)
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(f"{prefix}{html}{suffix}"), label
    label, text = sources[0]
    short = text[: EXCERPT_BEFORE + EXCERPT_AFTER]
    suffix = " …" if len(short) < len(text) else ""
    return mark_safe(f"{escape(short)}{suffix}"), ""


class SiteSearch:
    """One search request: the query, the chosen facets and sort, and what they give."""

    FACET_PARAMS = ("type", "organ", "ar", "tema")

    def __init__(self, query, params):
        self.query = query
        self.messages = []
        self.sort = params.get("sortering") if params.get("sortering") in SORTS else SORT_RELEVANCE
        self.chosen = {}
        type_value = params.get("type") or ""
        if type_value:
            if re.fullmatch(r"[a-z_]{1,50}\.[a-z_]{1,100}", type_value):
                self.chosen["type"] = type_value
            else:
                self.messages.append(_("Ukjent dokumenttype i filteret."))
        for name in ("organ", "tema"):
            value = params.get(name) or ""
            if value:
                if slug_or_none(value) is None:
                    self.messages.append(_("Ukjent verdi i filteret."))
                else:
                    self.chosen[name] = value
        try:
            year = parse_year(params.get("ar"))
        except InvalidParameter as error:
            self.messages.append(error.message)
            year = None
        if year is not None:
            self.chosen["ar"] = str(year)

    # The query --------------------------------------------------------------------------------

    @cached_property
    def outcome(self):
        """What the request shows: {"rows": the hits the chosen filters keep, in the chosen
        order (tuples, see `Hit`), "total": the number of hits before filtering, "facets":
        see `facets`, "bodies": see `bodies`}.

        The same words, filters and sort give the same outcome until the next publish, so it
        is kept per content generation, query, filters, sort and language (the facets'
        labels), and read only to build a page of results that is not kept yet (`shown`).
        """
        if not self.query:
            return {"rows": [], "total": 0, "facets": [], "bodies": {}}
        return cached_fragment(f"search_outcome:{self.key}", self.compute_outcome)

    @cached_property
    def key(self):
        """What decides the outcome (query, filters, sort, language), as a cache key part."""
        return key_digest(
            json.dumps([self.query, sorted(self.chosen.items()), self.sort, get_language()])
        )

    def facets_html(self):
        """The facet list, rendered once per outcome (dozens of links for a broad search)."""
        html = cached_fragment(
            f"search_facets:{self.key}",
            lambda: render_to_string(
                "components/search_facets.html", {"facets": self.outcome["facets"]}
            ),
        )
        return mark_safe(html)

    def compute_outcome(self):
        return {
            "rows": [tuple(hit) for hit in self.filtered_hits],
            "total": len(self.hits),
            "facets": self.facets,
            "bodies": self.bodies,
        }

    @cached_property
    def hits(self):
        """Every public, live page matching the query, best first: [Hit, ...].

        The same words find the same pages until the next publish, whatever the filters,
        sorting and page chosen: the hits and their tags' names are kept per content
        generation and query (cms.cache).
        """
        if not self.query:
            self.tag_names = {}
            return []
        rows, self.tag_names = cached_fragment(
            f"search_hits:{key_digest(self.query)}", self.find_hits
        )
        return [Hit._make(row) for row in rows]

    def find_hits(self):
        """([hit as a tuple, ...], {tag slug: name}) of the query, from the search index."""
        _filters, parsed = parse_query_string(self.query, operator="and")
        pages = live_public_pages()
        columns = (
            "pk",
            "content_type_id",
            "facet_body",
            "facet_date",
            "facet_year",
            "first_published_at",
        )
        rows = {}
        searches = [(pages.search, parsed)]
        # The prefix query gets plain words only: no quotes or operators reach the engine.
        words = re.findall(r"\w+", self.query)
        if words:
            searches.append((pages.autocomplete, PlainText(" ".join(words), operator="and")))
        for search, query in searches:
            for pk, content_type_id, body_id, date, year, published in ranked_rows(
                search, query, facet_expressions(), columns
            ):
                if pk not in rows:
                    if date is None and published is not None:
                        date = published.date()
                    day = date.toordinal() if date else None
                    rows[pk] = (pk, content_type_id, body_id, day, year)
        tags, names = self.read_tags(list(rows))
        return [(*row, tuple(sorted(tags.get(pk, ())))) for pk, row in rows.items()], names

    def read_tags(self, ids):
        """({page id: {tag slug, ...}}, {slug: name}) of the pages `ids`."""
        from .models import PageTag

        tags, names = {}, {}
        for start in range(0, len(ids), ID_CHUNK):
            for page_id, slug, name in PageTag.objects.filter(
                content_object_id__in=ids[start : start + ID_CHUNK]
            ).values_list("content_object_id", "tag__slug", "tag__name"):
                tags.setdefault(page_id, set()).add(slug)
                names[slug] = name
        return tags, names

    def query_string(self, **changes):
        """The query string of this search with `changes` (None removes a parameter)."""
        params = {"q": self.query, **self.chosen}
        if self.sort != SORT_RELEVANCE:
            params["sortering"] = self.sort
        params.update(changes)
        return "?" + urlencode({key: value for key, value in params.items() if value})

    # Facets -----------------------------------------------------------------------------------

    @cached_property
    def type_keys(self):
        """{content_type_id: "app.model"} for the types among the hits."""
        return {
            ct_id: f"{ct.app_label}.{ct.model}"
            for ct_id, ct in (
                (ct_id, ContentType.objects.get_for_id(ct_id))
                for ct_id in {hit.content_type_id for hit in self.hits}
            )
        }

    def hit_values(self, hit):
        return {
            "type": {self.type_keys[hit.content_type_id]},
            "organ": {self.body_slugs.get(hit.body_id)} if hit.body_id else set(),
            "ar": {str(hit.facet_year)} if hit.facet_year else set(),
            "tema": set(hit.tags),
        }

    @cached_property
    def bodies(self):
        """{body page id: (slug, title)} for the bodies among the hits (one query)."""
        ids = {hit.body_id for hit in self.hits if hit.body_id}
        return (
            {
                pk: (slug, title)
                for pk, slug, title in Page.objects.filter(pk__in=ids).values_list(
                    "pk", "slug", "title"
                )
            }
            if ids
            else {}
        )

    @cached_property
    def body_slugs(self):
        return {pk: slug for pk, (slug, _title) in self.bodies.items()}

    def matches(self, values, skip=None):
        return all(value in values[name] for name, value in self.chosen.items() if name != skip)

    @cached_property
    def filtered_hits(self):
        hits = [hit for hit in self.hits if self.matches(self.hit_values(hit))]
        if self.sort == SORT_DATE:
            hits.sort(key=lambda hit: hit.day or 0, reverse=True)
        return hits

    def facet_label(self, name, value):
        if name == "type":
            app_label, model_name = value.split(".")
            model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
            return str(model._meta.verbose_name_plural).capitalize() if model else value
        if name == "organ":
            return next((title for slug, title in self.bodies.values() if slug == value), value)
        if name == "tema":
            return self.tag_names.get(value, value)
        return value

    @cached_property
    def facets(self):
        """[{name, label, options: [{value, label, count, chosen}]}] for the template.

        Each facet counts the hits that match the other chosen facets, so its numbers say
        what choosing one of its values would give.
        """
        titles = {
            "type": _("Dokumenttype"),
            "organ": _("Organ"),
            "ar": _("År"),
            "tema": _("Tema"),
        }
        counts = {name: {} for name in self.FACET_PARAMS}
        for hit in self.hits:
            values = self.hit_values(hit)
            for name in self.FACET_PARAMS:
                if self.matches(values, skip=name):
                    for value in values[name]:
                        counts[name][value] = counts[name].get(value, 0) + 1
        facets = []
        for name in self.FACET_PARAMS:
            options = [
                {
                    "value": value,
                    "label": self.facet_label(name, value),
                    "count": count,
                    "chosen": self.chosen.get(name) == value,
                    "url": self.query_string(
                        **{name: None if self.chosen.get(name) == value else value}
                    ),
                }
                for value, count in counts[name].items()
            ]
            chosen = self.chosen.get(name)
            if chosen and chosen not in counts[name]:
                options.append(
                    {
                        "value": chosen,
                        "label": self.facet_label(name, chosen),
                        "count": 0,
                        "chosen": True,
                        "url": self.query_string(**{name: None}),
                    }
                )
            if name == "ar":
                options.sort(key=lambda option: option["value"], reverse=True)
            else:
                options.sort(key=lambda option: (-option["count"], str(option["label"])))
            if options:
                facets.append({"name": name, "label": titles[name], "options": options})
        return facets

    # The shown page ---------------------------------------------------------------------------

    def ids_by_class(self, hits):
        """{specific page class: [page id, ...]} of `hits` (their types are known)."""
        found = {}
        for hit in hits:
            model = ContentType.objects.get_for_id(hit.content_type_id).model_class()
            if model is not None:
                found.setdefault(model, []).append(hit.pk)
        return found

    def shown(self, side, request):
        """What the results page shows for the page number `side`, in one cache round trip:
        {"page": the Paginator page (over the number of kept hits), "items": its results,
        "facets_html": the facet list, "total": the number of hits before filtering}.

        Kept per outcome (`key`), page number and host (the results' addresses); a page
        number that does not exist (too high, not a number) is shown as Django's paginator
        shows it, the last or first page, and not kept under that number.
        """
        valid = side and len(side) <= 9 and side.isascii() and side.isdigit()
        requested = int(side) if valid else 1

        def build():
            outcome = self.outcome
            rows = outcome["rows"]
            page = Paginator(range(len(rows)), RESULTS_PER_PAGE).get_page(side)
            shown_rows = rows[page.start_index() - 1 : page.end_index()] if rows else []
            return {
                "page": page,
                "items": self.read_results(shown_rows, request),
                "facets_html": self.facets_html() if self.query else "",
                "total": outcome["total"],
            }

        return cached_fragment(
            f"search_page:{self.key}:{requested}:{key_digest(base_url(request))}",
            build,
            keep=lambda shown: shown["page"].number == requested,
        )

    def read_results(self, rows, request):
        hits = [Hit._make(row) for row in rows]
        bodies = self.outcome["bodies"]
        by_pk = {}
        for page_class, ids in self.ids_by_class(hits).items():
            # One query per type, and what its excerpts read in one query per relation
            # (a type's `search_result_pages`), never one per page.
            if hasattr(page_class, "search_result_pages"):
                pages = page_class.search_result_pages(ids)
            else:
                pages = page_class._default_manager.filter(pk__in=ids)
            by_pk.update((page.pk, page) for page in pages)
        pattern = term_pattern(query_terms(self.query))
        results = []
        for hit in hits:
            page = by_pk.get(hit.pk)
            if page is None:
                continue
            sources = (
                page.search_excerpt_sources()
                if hasattr(page, "search_excerpt_sources")
                else [("", page.search_description)]
            )
            text, attachment = excerpt(sources, pattern)
            body = bodies.get(hit.body_id)
            results.append(
                {
                    "url": page.get_url(request),
                    "title": page.title,
                    "type_label": str(page._meta.verbose_name).capitalize(),
                    "date": hit.date,
                    "body": body[1] if body else "",
                    "reference": page.search_reference()
                    if hasattr(page, "search_reference")
                    else "",
                    "excerpt": text,
                    "attachment": attachment,
                }
            )
        return results


def promotions(query):
    """Editors' picks (wagtail.contrib.search_promotions) for exactly this query, live only,
    kept per content generation (a change of a pick replaces it, cms.cache).

    Read without `Query.get()`, which would write a row for every search a visitor makes.
    """
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    if not query:
        return []
    normalised = normalise_query_string(query)
    return cached_fragment(
        f"search_promotions:{key_digest(normalised)}",
        lambda: list(
            SearchPromotion.objects.filter(query__query_string=normalised)
            .filter(Q(page__isnull=True) | Q(page__live=True))
            .select_related("page")
            .order_by("sort_order")
        ),
    )
