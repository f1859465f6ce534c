"""The search over every record type and partner, for the public (public records only) and
for staff (everything).

On PostgreSQL each record type is searched in its "search document": its names and titles
joined, unaccented and lower-cased, ``lower(immutable_unaccent(title || ' ' || …))``.
Its full-text vector (``to_tsvector('simple', document)``) is kept in each row, in the
generated column ``search_vector`` that ``search/migrations/0002`` adds, with a GIN index:
the query's words match it (the last word also as a prefix), and it is ranked without
unaccenting anything again. For partner names, trigram word similarity (``%>``) of the
document to a one-word query (its expression written exactly as the trigram index has it)
finds a name typed with a letter wrong. Hits are ranked by ``ts_rank``, the trigram
similarity of the query to the title, and a bonus for a title that is the query exactly or
starts with it.

The hits of a broad query are the newest that match: the candidates are read in date order
(``Kind.order``, each the order of an index), so that the planner may walk that index and
stop after ``RANK_LIMIT`` matches rather than sort every match.

On SQLite (development, tests) the same hits come from a slower path: every word of the
query must appear, unaccented and case-insensitively, in one of the fields; partner names
one edit away from the query are added (a Python edit distance over the partner names);
the ranking is computed in Python with the same bonuses.

Either way a search runs a fixed number of queries per record type (on PostgreSQL, the
pks of the hits to rank, then the best of them up to the page asked for; three more for
partners), whatever the number of rows.
"""

import datetime
import re
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import Country

from agreements.models import Agreement
from aid.models import AidProject
from conferences.models import Conference
from core.db import strip_diacritics
from core.models import localized
from delegations.models import Delegation
from partners.models import ForeignPartner

MIN_QUERY_LENGTH = 2
# The word similarity (pg_trgm) from which a partner's name counts as the query mistyped:
# one letter missing, added or wrong in a name of five letters or more.
TYPO_THRESHOLD = 0.45
TYPO_CANDIDATES = 50
# Typos are looked for in one-word queries of at least this many letters.
TYPO_MIN_LENGTH = 4
# The deepest page a search serves: a person refines a query long before.
MAX_PAGES = 20
# PostgreSQL ranks at most this many hits of a record type: the newest that match (and
# the partners whose name starts with the query). A query that matches more is too broad
# to rank every match within the time a search has; the page says there are more.
RANK_LIMIT = 400
# The newest hits are first looked for among this many days' records (``Search._newest``).
RECENT_DAYS = 365
# A query whose every word is in this share of a kind's rows or more is common: its newest
# hits are found by reading at most WALK_ROWS rows in date order (``Search._walk``).
COMMON_FREQUENCY = 0.1
WALK_ROWS = 5000
# A one-word query of this many letters also finds the words it begins ("okayam").
PREFIX_MIN_LENGTH = 4
# How long a process keeps PostgreSQL's word statistics (they change with ANALYZE).
STATISTICS_SECONDS = 600
_statistics = {}


def word_frequencies(table):
    """{word: share of the rows of ``table`` whose ``search_vector`` holds it} for the
    most common words, as PostgreSQL's ANALYZE last counted them; kept for
    ``STATISTICS_SECONDS``. Empty before any ANALYZE."""
    now = time.monotonic()
    cached = _statistics.get(table)
    if cached and now - cached[0] < STATISTICS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s "
            "AND attname = 'search_vector'",
            [table],
        )
        row = cursor.fetchone()
    frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _statistics[table] = (now, frequencies)
    return frequencies


def normalize(text):
    """What the search compares: unaccented, lower-case, single spaces."""
    return " ".join(strip_diacritics(text or "").lower().split())


def words(text):
    return re.findall(r"\w+", normalize(text))


def edit_distance(first, second, limit=1):
    """Levenshtein distance between two strings, or ``limit + 1`` once it exceeds
    ``limit`` (enough to tell a one-letter typo, and fast)."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, 1):
        current = [i]
        for j, other in enumerate(second, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class SearchDocument(Func):
    """``lower(immutable_unaccent(a || ' ' || b …))``: the text that the search indexes
    cover. The SQL must stay exactly that of the indexes, or they are not used."""

    arg_joiner = " || ' ' || "
    template = "lower(immutable_unaccent(%(expressions)s))"

    def __init__(self, *fields):
        super().__init__(*[F(name) for name in fields])


class StoredVector(Expression):
    """The row's ``search_vector`` column (PostgreSQL only: the generated column of
    ``search/migrations/0002``, unknown to the models)."""

    output_field = TextField()

    def __init__(self, model):
        super().__init__()
        self.table = model._meta.db_table

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name_unless_alias
        return f"{quote(self.table)}.{quote('search_vector')}", []


class Matches(Func):
    """The stored vector matches the ``to_tsquery`` text (words already made safe)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        vector, query = self.source_expressions
        vector_sql, vector_params = compiler.compile(vector)
        query_sql, query_params = compiler.compile(query)
        sql = f"{vector_sql} @@ to_tsquery('simple'::regconfig, {query_sql})"
        return sql, [*vector_params, *query_params]


class Rank(Matches):
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        vector, query = self.source_expressions
        vector_sql, vector_params = compiler.compile(vector)
        query_sql, query_params = compiler.compile(query)
        sql = f"ts_rank({vector_sql}, to_tsquery('simple'::regconfig, {query_sql}))"
        return sql, [*vector_params, *query_params]


class WordSimilar(Matches):
    """``document %> query``: some extent of the document is trigram-similar to the
    query (``pg_trgm.word_similarity_threshold``): a name with one letter wrong."""

    def as_sql(self, compiler, connection, **extra_context):
        document, query = self.source_expressions
        document_sql, document_params = compiler.compile(document)
        query_sql, query_params = compiler.compile(query)
        return f"{document_sql} %%> {query_sql}", [*document_params, *query_params]


class WordSimilarity(Matches):
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        document, query = self.source_expressions
        document_sql, document_params = compiler.compile(document)
        query_sql, query_params = compiler.compile(query)
        return (
            f"word_similarity({query_sql}, {document_sql})",
            [*query_params, *document_params],
        )


@dataclass(frozen=True)
class Kind:
    """A record type the search covers."""

    key: str
    label: str
    model: type
    fields: tuple  # the searched text, in the order of the index's expression
    title: str  # the field of the Vietnamese title (or the usual name)
    title_en: str  # the English title (for a partner: its Vietnamese name)
    date: str | None  # the record's date, or None
    typos: bool = False  # one-letter typos find it (partner names)
    # Undated records last. Every date is required but an agreement's signing (empty while
    # negotiating): a plain descending order for the others, which their date indexes give.
    date_required: bool = True

    def order(self):
        """The order of the candidates, newest first: that of an index
        (``<app>_start_idx``…, ``search_agreement_signed_idx``; the partners' pk)."""
        if not self.date:
            return ["-pk"]
        date = F(self.date).desc() if self.date_required else F(self.date).desc(nulls_last=True)
        return [date, "-pk"]

    def queryset(self, public):
        manager = self.model.objects
        return manager.public() if public else manager.all()

    def url(self, pk, public):
        if self.key == "partner":
            name = "search:partner_detail" if public else "search:staff_partner_detail"
            return reverse(name, args=[pk])
        if public:
            return self.model(pk=pk).get_absolute_url()
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])

    def display_title(self, row):
        title, title_en = row["hit_title"], row["hit_title_en"]
        if self.key == "partner":  # the Vietnamese name on Vietnamese pages, where known
            return localized(title_en or title, title)
        return localized(title, title_en)


KINDS = [
    Kind(
        "partner",
        _("Partner"),
        ForeignPartner,
        ("name", "name_vi", "name_original", "abbreviation"),
        "name",
        "name_vi",
        None,
        typos=True,
    ),
    Kind(
        "delegation",
        _("Delegation"),
        Delegation,
        ("title", "title_en", "head_name"),
        "title",
        "title_en",
        "start_date",
    ),
    Kind(
        "agreement",
        _("Agreement"),
        Agreement,
        ("title", "title_en", "reference_number"),
        "title",
        "title_en",
        "signed_on",
        date_required=False,
    ),
    Kind(
        "conference",
        _("Conference"),
        Conference,
        ("name", "name_en", "city"),
        "name",
        "name_en",
        "start_date",
    ),
    Kind(
        "aidproject",
        _("Aid project"),
        AidProject,
        ("title", "title_en"),
        "title",
        "title_en",
        "committed_on",
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Hit:
    kind: str
    kind_label: str
    pk: object
    title: str
    date: object
    url: str
    score: float
    country: str = ""


def _bonus(title, query, query_words):
    """The ranking bonus of a title: the query exactly, then a title starting with it,
    then one containing all its words as words."""
    title = normalize(title)
    if title == query:
        return 3.0
    if title.startswith(query):
        return 1.5
    if set(query_words) <= set(words(title)):
        return 1.0
    return 0.0


class Search:
    """The hits of ``query`` as a sequence the ``Paginator`` can page (``count()`` and
    slices), optionally for one ``kind`` only. Countries whose name matches come first,
    as links to their pages."""

    def __init__(self, query, *, public, kind=None):
        self.query = normalize(query)
        self.words = words(query)
        self.public = public
        self.kinds = [KINDS_BY_KEY[kind]] if kind in KINDS_BY_KEY else KINDS
        self.postgres = connection.vendor == "postgresql"
        self._counts = None
        self._fetched = {}
        self._pks = {}  # PostgreSQL: {kind key: the pks of the hits ranked}

    @property
    def usable(self):
        return len(self.query) >= MIN_QUERY_LENGTH and bool(self.words)

    # Countries

    def countries(self):
        """Countries whose name (in Vietnamese, English or the active language) holds
        every word of the query, or whose code is the query: (code, name) pairs."""
        if not self.usable:
            return []
        with translation.override("en"):
            english = dict(countries)
        with translation.override("vi"):
            vietnamese = dict(countries)
        found = []
        for code, name in countries:
            names = {normalize(name), normalize(english[code]), normalize(vietnamese[code])}
            if self.query == code.lower() or any(
                set(self.words) <= set(words(candidate)) for candidate in names
            ):
                found.append((code, name))
        return found[:5]

    # Counts and pages

    def counts(self):
        """{kind key: number of hits}, one query per kind (at most ``RANK_LIMIT`` and
        the partners named from the query's start on PostgreSQL)."""
        if self._counts is None:
            self._counts = {}
            if self.usable:
                for kind in self.kinds:
                    candidates = self._candidates(kind)
                    self._counts[kind.key] = (
                        len(self._pks[kind.key]) if self.postgres else candidates.count()
                    )
        return self._counts

    @property
    def capped(self):
        """Whether some record type matched more than the hits ranked (PostgreSQL)."""
        return self.postgres and any(count >= RANK_LIMIT for count in self.counts().values())

    def count(self):
        return sum(self.counts().values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        stop = index.stop if index.stop is not None else self.count()
        return self._best(stop)[index]

    def _best(self, limit):
        """The ``limit`` best hits over every kind, best first."""
        if limit not in self._fetched:
            hits = []
            for kind in self.kinds:
                if self.counts().get(kind.key):
                    hits.extend(self._hits(kind, limit))
            hits.sort(key=_rank)
            self._fetched[limit] = hits[:limit]
        return self._fetched[limit]

    # The queries

    def _tsquery(self):
        """Every word as typed; a query of one word of ``PREFIX_MIN_LENGTH`` letters or
        more also as the beginning of a word (a name typed halfway, "okayam"). Not the
        last of several words: in Vietnamese a word is a syllable ("hợp tác"), and
        "tac:*" would match a great many words for nothing."""
        if len(self.words) == 1 and len(self.words[0]) >= PREFIX_MIN_LENGTH:
            return f"{self.words[0]}:*"
        return " & ".join(self.words)

    def _matching(self, kind):
        queryset = kind.queryset(self.public).order_by()
        if self.postgres:
            return queryset.filter(Matches(StoredVector(kind.model), Value(self._tsquery())))
        condition = Q()
        for word in self.words:
            condition &= Q(
                *[Q(**{f"{field}__unaccent__icontains": word}) for field in kind.fields],
                _connector=Q.OR,
            )
        if kind.typos:
            condition |= Q(pk__in=self._near_names(kind))
        return queryset.filter(condition)

    def _candidates(self, kind):
        """The hits that are counted and ranked. On PostgreSQL, the pks of the newest
        ``RANK_LIMIT`` matches and, for partners, of those whose name (unaccented, lower
        case) starts with the query (``search_partner_name_idx``), fetched once (at most
        three queries, ``_newest``; one more for partners) so that ranking then costs the
        same for a query that matches half the records; on SQLite, every match (a
        queryset)."""
        matching = self._matching(kind)
        if not self.postgres:
            return matching
        if kind.key not in self._pks:
            pks = self._newest(kind, matching)
            if kind.typos:
                named = (
                    kind.queryset(self.public)
                    .annotate(_name_doc=SearchDocument(kind.title))
                    .filter(_name_doc__startswith=self.query)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:RANK_LIMIT]
                )
                pks = list(dict.fromkeys([*pks, *named]))
                if not pks:  # nothing by that name: perhaps it was mistyped
                    pks = self._nearest_names(kind)
            self._pks[kind.key] = pks
        return kind.model.objects.filter(pk__in=self._pks[kind.key])

    def _newest(self, kind, matching):
        """PostgreSQL: the pks of the newest ``RANK_LIMIT`` matches, in date order.

        A query whose every word is in a tenth of the rows or more (``_common``) reads the
        newest rows in date order until it has them (``_walk``): a few thousand rows,
        where the full-text index would return hundreds of thousands to sort. Otherwise
        the index finds every match (``_sorted``), first among the records of the last
        ``RECENT_DAYS`` (and those to come): the planner combines the full-text index
        with the date index, so a word in one title of fifty reads a year's matches, not
        ten years'; only when the year holds fewer than ``RANK_LIMIT`` matches (the
        newest, but not enough), every match."""
        if kind.date and self._common(kind):
            walked = self._walk(kind)
            if len(walked) >= RANK_LIMIT:
                return walked
        if kind.date:
            since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
            recent = self._sorted(kind, matching.filter(**{f"{kind.date}__gte": since}))
            if len(recent) >= RANK_LIMIT:
                return recent
        return self._sorted(kind, matching)

    def _sorted(self, kind, matching):
        """The pks of the newest ``RANK_LIMIT`` of ``matching``, every match read first.
        The matches are a subquery behind ``OFFSET 0``, which the planner plans alone:
        without it, asked for the first rows in date order, it may walk the whole date
        index in the hope of meeting a rare word's rows soon (a second per kind for a word
        found nowhere). One query."""
        values = {"_pk": F("pk"), **({"_day": F(kind.date)} if kind.date else {})}
        inner, params = matching.order_by().values(**values).query.sql_with_params()
        return _newest_pks(kind, f"({inner} OFFSET 0) w", params)

    def _common(self, kind):
        """Whether every word of the query is in at least ``COMMON_FREQUENCY`` of the
        kind's rows, by the statistics PostgreSQL keeps of ``search_vector`` (its most
        common words; a word not among them is rare). The planner multiplies the
        frequencies of the words, as if "hợp" and "tác" were independent, and then
        misjudges a common phrase as rare; the rarest word is the bound used here."""
        frequencies = word_frequencies(kind.model._meta.db_table)
        if not frequencies:
            return False
        prefix = self._tsquery().endswith(":*")
        for word in self.words:
            if prefix:
                found = sum(f for w, f in frequencies.items() if w.startswith(word))
            else:
                found = frequencies.get(word, 0.0)
            if found < COMMON_FREQUENCY:
                return False
        return True

    def _walk(self, kind):
        """The pks of the first ``RANK_LIMIT`` matches among the newest ``WALK_ROWS``
        rows of the kind, read in date order (the date index) and stopping as soon as
        enough are found. One query."""
        rows = (
            kind.queryset(self.public)
            .order_by(*kind.order())
            .values(_pk=F("pk"), _day=F(kind.date), _vector=StoredVector(kind.model))
        )[:WALK_ROWS]
        inner, params = rows.query.sql_with_params()
        source = f"({inner}) w WHERE w._vector @@ to_tsquery('simple'::regconfig, %s)"
        return _newest_pks(kind, source, [*params, self._tsquery()])

    def _nearest_names(self, kind):
        """PostgreSQL: the pks of the partners whose names hold a word trigram-similar to
        a one-word query (``%>``, at least ``TYPO_THRESHOLD``: "okyama" is 0.5 similar
        to "okayama"), the ``TYPO_CANDIDATES`` most similar. Two queries: the threshold
        of ``%>`` for this connection (0.6 by default; nothing else uses it), then the
        names, through the trigram index."""
        if len(self.words) != 1 or len(self.query) < TYPO_MIN_LENGTH:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(TYPO_THRESHOLD)],
            )
        document = SearchDocument(*kind.fields)
        query = Value(self.query)
        return list(
            kind.queryset(self.public)
            .filter(WordSimilar(document, query))
            .annotate(_similarity=WordSimilarity(document, query))
            .order_by("-_similarity", "pk")
            .values_list("pk", flat=True)[:TYPO_CANDIDATES]
        )

    def _near_names(self, kind):
        """SQLite: the pks of the partners with a name one edit from the query (or a word
        of a name one edit from a one-word query). One query over the names."""
        found = []
        rows = kind.queryset(self.public).values_list("pk", "name", "name_vi")
        for pk, *names in rows:
            for name in names:
                name = normalize(name)
                candidates = [name, *words(name)] if len(self.words) == 1 else [name]
                if any(edit_distance(self.query, candidate) <= 1 for candidate in candidates):
                    found.append(pk)
                    break
        return found

    def _values(self, kind):
        # Prefixed: an annotation may not take a field's name.
        values = {"hit_title": F(kind.title), "hit_title_en": F(kind.title_en)}
        if kind.date:
            values["hit_day"] = F(kind.date)
        if kind.key in ("partner", "aidproject"):
            values["hit_country"] = F("country")
        return values

    def _hits(self, kind, limit):
        values = self._values(kind)
        queryset = self._candidates(kind)
        exact = self.query
        if self.postgres:
            title = SearchDocument(kind.title)
            score = Rank(StoredVector(kind.model), Value(self._tsquery())) + WordSimilarity(
                title, Value(exact)
            )
            bonus = Case(
                When(Q(_title_doc=exact), then=Value(3.0)),
                When(Q(_title_doc__startswith=exact), then=Value(1.5)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            if kind.key == "partner":
                # The Vietnamese name counts as much as the usual one.
                title_vi = SearchDocument(kind.title_en)
                score = score + WordSimilarity(title_vi, Value(exact))
                bonus = Case(
                    When(Q(_title_doc=exact) | Q(_title_vi_doc=exact), then=Value(3.0)),
                    When(
                        Q(_title_doc__startswith=exact) | Q(_title_vi_doc__startswith=exact),
                        then=Value(1.5),
                    ),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                queryset = queryset.annotate(_title_vi_doc=title_vi)
            queryset = queryset.annotate(_title_doc=title, _score=score + bonus)
            order = [F("_score").desc()]
            if kind.date:  # undated last, as in _rank
                order.append(F(kind.date).desc(nulls_last=True))
            order.append("pk")
            rows = queryset.order_by(*order).values("pk", "_score", **values)[:limit]
            return [self._hit(kind, row, row["_score"]) for row in rows]
        # SQLite: rank in Python over every match (the slower, correct path).
        hits = []
        for row in queryset.values("pk", **values):
            titles = [row["hit_title"], row["hit_title_en"]]
            bonus = max(_bonus(title, exact, self.words) for title in titles if title)
            near = any(edit_distance(exact, normalize(title)) <= 1 for title in titles if title)
            score = bonus + (0.5 if near else 0.0) + 0.1
            hits.append(self._hit(kind, row, score))
        hits.sort(key=_rank)
        return hits[:limit]

    def _hit(self, kind, row, score):
        return Hit(
            kind=kind.key,
            kind_label=str(kind.label),
            pk=row["pk"],
            title=kind.display_title(row),
            date=row.get("hit_day"),
            url=kind.url(row["pk"], self.public),
            score=float(score),
            country=Country(row["hit_country"]) if row.get("hit_country") else "",
        )


def _newest_pks(kind, source, params):
    """``SELECT w._pk FROM <source>``, the subquery ``w`` giving ``_pk`` (and ``_day``
    for a dated kind): the pks of its first ``RANK_LIMIT`` rows in the kind's order,
    newest first (``Kind.order`` in SQL)."""
    order = "w._pk DESC"
    if kind.date:
        nulls = "" if kind.date_required else " NULLS LAST"
        order = f"w._day DESC{nulls}, {order}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w._pk FROM {source} ORDER BY {order} LIMIT %s", [*params, RANK_LIMIT]
        )
        return [row[0] for row in cursor.fetchall()]


def _ordinal(day):
    return day.toordinal() if day else 0


KIND_ORDER = {kind.key: position for position, kind in enumerate(KINDS)}


def _rank(hit):
    """Best first; ties by date (newest first), then as the queries order them (kind,
    pk), so that every page of the hits is cut from one and the same order."""
    return (-hit.score, -_ordinal(hit.date), KIND_ORDER[hit.kind], hit.pk)
