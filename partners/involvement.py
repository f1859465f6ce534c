"""Which records involve a foreign partner, or a country: the one definition that the
partner and country pages' timelines and the statistics of ``reports/statistics/partners``
share, so that a figure and the lines it counts never disagree.

Each function takes a queryset of its model (already narrowed to what the caller shows or
counts) and returns it narrowed to the records of ``partner`` (a ``ForeignPartner`` or its
pk) or of ``country`` (an ISO code), exactly one of the two. ``public=True`` links a record
to a partner or country only through public partners, as the public pages show them: an
internal partner never ties a public record to its country.

The rules:
- a delegation: the partner is one of its partner organisations; a country is one of its
  countries (a delegation from two countries belongs to both);
- an agreement: the partner is one of its parties; the country is a party's country;
- an implementation activity: that of such an agreement;
- an aid project: the partner is its donor or recipient; the country is its country;
- a conference: the partner organised or co-organised it; the country is an organising
  partner's country, or, for one the city attended, where it took place;
- a relationship and its activities: those with the partner, or with a partner of the
  country.

Every function keeps one row per record (subqueries, never a join that repeats rows).
"""

from django.db.models import BooleanField, F, Func, Q

from .models import ForeignPartner


class HasCountry(Func):
    """A delegation's countries (stored "JP,KR") include ``code``. On PostgreSQL as an
    array, ``string_to_array(countries, ',') @> ARRAY[code]``, which the GIN index of
    ``search/migrations`` serves; elsewhere as ``countries__contains`` (LIKE '%JP%':
    two-letter codes joined by commas never match across a comma)."""

    output_field = BooleanField()

    def __init__(self, code):
        super().__init__(F("countries"))
        self.code = code

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, params = compiler.compile(self.source_expressions[0])
        return f"{field_sql} LIKE %s", [*params, f"%{self.code}%"]

    def as_postgresql(self, compiler, connection, **extra_context):
        field_sql, params = compiler.compile(self.source_expressions[0])
        return f"string_to_array({field_sql}, ',') @> ARRAY[%s]::text[]", [*params, self.code]


def _partners(country, public):
    partners = ForeignPartner.objects.filter(country=country)
    return partners.public() if public else partners


def _check(partner, country):
    if (partner is None) == (country is None):
        raise TypeError("Give a partner or a country, not both.")


def delegations_of(queryset, *, partner=None, country=None, public=False):
    _check(partner, country)
    if partner is not None:
        through = queryset.model.partners.through.objects.filter(foreignpartner=partner)
        return queryset.filter(pk__in=through.values("delegation_id"))
    return queryset.filter(HasCountry(country))


def agreements_of(queryset, *, partner=None, country=None, public=False):
    _check(partner, country)
    through = queryset.model.parties.through.objects
    if partner is not None:
        through = through.filter(foreignpartner=partner)
    else:
        through = through.filter(foreignpartner__in=_partners(country, public).values("pk"))
    return queryset.filter(pk__in=through.values("agreement_id"))


def agreement_activities_of(queryset, agreements, *, partner=None, country=None, public=False):
    """Activities of the agreements of ``agreements`` (a queryset of Agreement) that
    involve the partner or country."""
    scoped = agreements_of(agreements, partner=partner, country=country, public=public)
    return queryset.filter(agreement__in=scoped.values("pk"))


def aid_projects_of(queryset, *, partner=None, country=None, public=False):
    _check(partner, country)
    if partner is not None:
        return queryset.filter(partner=partner)
    return queryset.filter(country=country)


def conferences_of(queryset, *, partner=None, country=None, public=False):
    _check(partner, country)
    through = queryset.model.co_organiser_partners.through.objects
    if partner is not None:
        co_organised = through.filter(foreignpartner=partner).values("conference_id")
        return queryset.filter(Q(organiser_partner=partner) | Q(pk__in=co_organised))
    partners = _partners(country, public).values("pk")
    co_organised = through.filter(foreignpartner__in=partners).values("conference_id")
    return queryset.filter(
        Q(organiser_partner__in=partners)
        | Q(pk__in=co_organised)
        | Q(country=country, role=queryset.model.Role.ATTENDED)
    )


def relationships_of(queryset, *, partner=None, country=None, public=False):
    _check(partner, country)
    if partner is not None:
        return queryset.filter(partner=partner)
    return queryset.filter(partner__in=_partners(country, public).values("pk"))


def relationship_activities_of(queryset, *, partner=None, country=None, public=False):
    _check(partner, country)
    if partner is not None:
        return queryset.filter(relationship__partner=partner)
    return queryset.filter(relationship__partner__in=_partners(country, public).values("pk"))
