import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import PublicFilterSet, years_of
from core.models import Sector
from partners.models import ForeignPartner, Relationship

from .models import Delegation


class DelegationFilterSet(PublicFilterSet):
    """Filters of the public delegations list (and its CSV download). The countries, years
    and sectors offered are those of the listed records: the view passes a public queryset.

    Only public partners take part: searching for an internal partner's name must not
    reveal which delegations it sent.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    direction = django_filters.ChoiceFilter(
        label=_("Direction"), choices=Delegation.Direction.choices, empty_label=_("Both directions")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Delegation.Kind.choices, empty_label=_("All kinds")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", empty_label=_("All countries")
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

    class Meta:
        model = Delegation
        fields = ["q", "direction", "kind", "country", "year", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = self.queryset.order_by()

        def used_countries():
            used = set()
            for value in listed.values_list("countries", flat=True).distinct():
                used.update(code for code in value.split(",") if code)
            return used

        def used_sectors():
            # A delegation's sectors, or those of a public relationship with its partners:
            # one EXISTS per sector (an IN over every listed delegation took minutes).
            return list(
                Sector.objects.filter(
                    Exists(listed.filter(sectors=OuterRef("pk")))
                    | Exists(
                        Relationship.objects.public().filter(
                            Exists(listed.filter(partners=OuterRef("partner"))),
                            sectors=OuterRef("pk"),
                        )
                    )
                ).values_list("pk", flat=True)
            )

        self.offer_choices(
            listed,
            country=used_countries,
            year=lambda: years_of(listed, "start_date"),
            sector=used_sectors,
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Diacritics- and case-insensitive: "lanh su" finds "Lãnh sự" (see core.db).
        partner_matches = ForeignPartner.objects.public().filter(
            Q(name__unaccent__icontains=value)
            | Q(name_vi__unaccent__icontains=value)
            | Q(abbreviation__icontains=value),
            delegations=OuterRef("pk"),
        )
        return queryset.filter(
            Q(title__unaccent__icontains=value)
            | Q(title_en__unaccent__icontains=value)
            | Q(head_name__unaccent__icontains=value)
            | Q(head_title__unaccent__icontains=value)
            | Exists(partner_matches)
        )

    def filter_country(self, queryset, name, value):
        # Codes are two letters between commas, so a substring match is exact.
        return queryset.filter(countries__contains=value) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_date__year=int(value)) if value else queryset

    def filter_sector(self, queryset, name, sector):
        """Delegations in the sector, or whose partner organisation has a public
        relationship with the city in that sector."""
        if not sector:
            return queryset
        via_partner = Relationship.objects.public().filter(
            sectors=sector, partner__delegations=OuterRef("pk")
        )
        own = Delegation.sectors.through.objects.filter(sector=sector, delegation=OuterRef("pk"))
        return queryset.filter(Exists(own) | Exists(via_partner))
