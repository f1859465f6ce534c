import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.filters import PublicFilterSet, sectors_of, years_of
from core.models import LocalUnit, Sector
from partners.models import ForeignPartner

from .models import Conference


def _unit_matches(value):
    return (
        Q(name__unaccent__icontains=value)
        | Q(name_en__unaccent__icontains=value)
        | Q(abbreviation__icontains=value)
    )


def _partner_matches(value):
    return (
        Q(name__unaccent__icontains=value)
        | Q(name_vi__unaccent__icontains=value)
        | Q(abbreviation__icontains=value)
    )


class ConferenceFilterSet(PublicFilterSet):
    """Filters of the public conferences list (and its CSV download). The years, sectors
    and countries offered are those of the listed records: the view passes a public
    queryset.

    Only public partners take part: searching for an internal organiser's name must not
    reveal which conferences it organised.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Conference.Role.choices, empty_label=_("Both roles")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Conference.Kind.choices, empty_label=_("All kinds")
    )
    format = django_filters.ChoiceFilter(
        label=pgettext_lazy("conference", "Format"),
        choices=Conference.Format.choices,
        empty_label=_("All formats"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), method="filter_year", empty_label=_("All years")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        method="filter_sector",
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("All sectors"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", empty_label=_("All countries")
    )

    class Meta:
        model = Conference
        fields = ["q", "role", "kind", "format", "year", "sector", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = self.queryset.order_by()
        self.offer_choices(
            listed,
            country=lambda: set(listed.values_list("country", flat=True).distinct()),
            year=lambda: years_of(listed, "start_date"),
            sector=lambda: sectors_of(listed),
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Diacritics- and case-insensitive: "hoi thao" finds "Hội thảo" (see core.db).
        units = LocalUnit.objects.filter(_unit_matches(value))
        partners = ForeignPartner.objects.public().filter(_partner_matches(value))
        return queryset.filter(
            Q(name__unaccent__icontains=value)
            | Q(name_en__unaccent__icontains=value)
            | Q(venue__unaccent__icontains=value)
            | Q(city__unaccent__icontains=value)
            | Q(organiser_name__unaccent__icontains=value)
            | Exists(units.filter(organised_conferences=OuterRef("pk")))
            | Exists(units.filter(co_organised_conferences=OuterRef("pk")))
            | Exists(partners.filter(organised_conferences=OuterRef("pk")))
            | Exists(partners.filter(co_organised_conferences=OuterRef("pk")))
        )

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_date__year=int(value)) if value else queryset

    def filter_sector(self, queryset, name, sector):
        if not sector:
            return queryset
        own = Conference.sectors.through.objects.filter(sector=sector, conference=OuterRef("pk"))
        return queryset.filter(Exists(own))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value) if value else queryset
