"""One dated timeline of everything the city has done with a partner or a country:
delegations both ways, agreements and their implementation activities, aid projects,
conferences, relationships and their activities, newest first.

Which records belong is ``partners.involvement`` (the statistics count with the same
rules). The timeline is a sequence the ``Paginator`` pages: for a page it runs one count
and one query of the newest rows up to that page per record type, and merges them in
Python, so a page costs the same few queries however long the history.

The public variant lists only what the public pages show (each model's ``public()``), and
links each line to the record's public page; the staff variant lists every record and
links to the admin.
"""

from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementActivity
from aid.models import AidProject
from conferences.models import Conference
from delegations.models import Delegation
from partners import involvement
from partners.models import Relationship, RelationshipActivity

from .cache import cached


@dataclass
class Entry:
    """One line of a timeline."""

    kind: str
    kind_label: str
    date: object
    title: str
    url: str
    note: str = ""  # e.g. "Inbound", the agreement of an activity
    status: str = ""


def _admin_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


class Source:
    """One record type of the timeline."""

    key = ""
    label = ""
    model = None
    date_field = ""

    def __init__(self, *, partner, country, public):
        self.scope = {"partner": partner, "country": country, "public": public}
        self.public = public

    def base(self):
        manager = self.model.objects
        return manager.public() if self.public else manager.all()

    def scoped(self):
        raise NotImplementedError

    def queryset(self, start=None, end=None):
        queryset = self.scoped().filter(**{f"{self.date_field}__isnull": False})
        if start is not None:
            queryset = queryset.filter(**{f"{self.date_field}__gte": start})
        if end is not None:
            queryset = queryset.filter(**{f"{self.date_field}__lte": end})
        return queryset

    def newest(self, queryset, limit):
        return queryset.order_by(F(self.date_field).desc(), "-pk")[:limit]

    def url(self, record):
        return _admin_url(record) if not self.public else record.get_absolute_url()

    def entry(self, record, title, note="", status=""):
        return Entry(
            kind=self.key,
            kind_label=str(self.label),
            date=getattr(record, self.date_field),
            title=title,
            url=self.url(record),
            note=note,
            status=status,
        )


class DelegationSource(Source):
    key, label, model, date_field = "delegation", _("Delegation"), Delegation, "start_date"

    def scoped(self):
        return involvement.delegations_of(self.base(), **self.scope)

    def newest(self, queryset, limit):
        fields = ("title", "title_en", "direction", "status", "start_date")
        return super().newest(queryset.only(*fields), limit)

    def to_entry(self, record):
        status = "" if record.status == Delegation.Status.COMPLETED else record.status
        return self.entry(
            record,
            record.display_title,
            note=record.get_direction_display(),
            status=status and record.get_status_display(),
        )


class AgreementSource(Source):
    key, label, model, date_field = "agreement", _("Agreement"), Agreement, "signed_on"

    def scoped(self):
        return involvement.agreements_of(self.base(), **self.scope)

    def newest(self, queryset, limit):
        return super().newest(queryset.only("title", "title_en", "kind", "signed_on"), limit)

    def to_entry(self, record):
        return self.entry(record, record.display_title, note=record.get_kind_display())


class AgreementActivitySource(Source):
    key, label = "agreement_activity", _("Implementation activity")
    model, date_field = AgreementActivity, "date"

    def scoped(self):
        agreements = Agreement.objects.public() if self.public else Agreement.objects.all()
        return involvement.agreement_activities_of(self.base(), agreements, **self.scope)

    def newest(self, queryset, limit):
        fields = ("description", "description_en", "date", "agreement__title")
        fields += ("agreement__title_en",)
        return super().newest(queryset.select_related("agreement").only(*fields), limit)

    def url(self, record):
        # An activity is shown on (and edited with) its agreement's page.
        return record.agreement.get_absolute_url() if self.public else _admin_url(record.agreement)

    def to_entry(self, record):
        return self.entry(record, record.display_description, note=record.agreement.display_title)


class AidSource(Source):
    key, label, model, date_field = "aid", _("Aid project"), AidProject, "committed_on"

    def scoped(self):
        return involvement.aid_projects_of(self.base(), **self.scope)

    def newest(self, queryset, limit):
        fields = ("title", "title_en", "direction", "status", "committed_on")
        return super().newest(queryset.only(*fields), limit)

    def to_entry(self, record):
        return self.entry(record, record.display_title, note=record.get_direction_display())


class ConferenceSource(Source):
    key, label, model, date_field = "conference", _("Conference"), Conference, "start_date"

    def scoped(self):
        return involvement.conferences_of(self.base(), **self.scope)

    def newest(self, queryset, limit):
        fields = ("name", "name_en", "role", "start_date", "permit_status")
        return super().newest(queryset.only(*fields), limit)

    def to_entry(self, record):
        return self.entry(record, record.display_name, note=record.get_role_display())


class RelationshipSource(Source):
    key, label = "relationship", _("Relationship established")
    model, date_field = Relationship, "established_on"

    def scoped(self):
        return involvement.relationships_of(self.base(), **self.scope)

    def newest(self, queryset, limit):
        return super().newest(queryset.select_related("partner"), limit)

    def to_entry(self, record):
        return self.entry(
            record,
            record.partner.display_name,
            note=record.get_level_display(),
            status=""
            if record.status == Relationship.Status.ACTIVE
            else record.get_status_display(),
        )


class RelationshipActivitySource(Source):
    key, label = "relationship_activity", _("Relationship activity")
    model, date_field = RelationshipActivity, "date"

    def scoped(self):
        return involvement.relationship_activities_of(self.base(), **self.scope)

    def newest(self, queryset, limit):
        return super().newest(
            queryset.select_related("relationship__partner").only(
                "title",
                "title_en",
                "kind",
                "date",
                "relationship__level",
                "relationship__partner__name",
                "relationship__partner__name_vi",
            ),
            limit,
        )

    def url(self, record):
        # An activity is shown on its relationship's page.
        if self.public:
            return record.relationship.get_absolute_url()
        return _admin_url(record.relationship)

    def to_entry(self, record):
        return self.entry(
            record,
            record.display_title,
            note=f"{record.relationship.partner.display_name} · {record.get_kind_display()}",
        )


SOURCES = [
    DelegationSource,
    AgreementSource,
    AgreementActivitySource,
    AidSource,
    ConferenceSource,
    RelationshipSource,
    RelationshipActivitySource,
]
KIND_CHOICES = [(source.key, source.label) for source in SOURCES]


class Timeline:
    """The timeline of ``partner`` (a ``ForeignPartner``) or ``country`` (an ISO code),
    newest first, optionally of some ``kinds`` only (keys of ``KIND_CHOICES``) and within
    [start, end]. Undated records (an agreement still under negotiation, a relationship
    whose date is not recorded) have no place in it."""

    def __init__(self, *, partner=None, country=None, public, kinds=None, start=None, end=None):
        sources = [source(partner=partner, country=country, public=public) for source in SOURCES]
        if kinds:
            sources = [source for source in sources if source.key in kinds]
        self.sources = sources
        self.start, self.end = start, end
        self._counts = None
        self._fetched = {}

    def counts(self):
        """{kind key: number of lines}: one query per record type, kept in the cache
        until a record changes (``search.cache``)."""
        if self._counts is None:
            self._counts = cached(
                ("timeline-counts", *self._identity()),
                lambda: {
                    source.key: source.queryset(self.start, self.end).count()
                    for source in self.sources
                },
            )
        return self._counts

    def _identity(self):
        """What the lines depend on, for the cache's key."""
        scope = self.sources[0].scope if self.sources else {}
        partner = scope.get("partner")
        return (
            getattr(partner, "pk", partner),
            scope.get("country"),
            scope.get("public"),
            ",".join(source.key for source in self.sources),
            self.start,
            self.end,
        )

    def count(self):
        return sum(self.counts().values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        stop = index.stop if index.stop is not None else self.count()
        return self._newest(stop)[index]

    def _newest(self, limit):
        """The ``limit`` newest lines, read from the cache (per language: the lines hold
        translated labels) or from one query per record type that has any."""
        if limit not in self._fetched:
            self._fetched[limit] = cached(
                ("timeline-lines", *self._identity(), get_language(), limit),
                lambda: self._read_newest(limit),
            )
        return self._fetched[limit]

    def _read_newest(self, limit):
        entries = []
        for source in self.sources:
            if self.counts()[source.key]:
                queryset = source.queryset(self.start, self.end)
                entries.extend(source.to_entry(record) for record in source.newest(queryset, limit))
        order = {source.key: position for position, source in enumerate(SOURCES)}
        # Newest first; on one day, in the order of SOURCES (a delegation before the
        # agreement it signed).
        entries.sort(key=lambda entry: (-entry.date.toordinal(), order[entry.kind]))
        return entries[:limit]
