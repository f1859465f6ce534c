import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import PublicFilterSet, sectors_of
from core.models import Sector

from .models import Relationship


class RelationshipFilterSet(PublicFilterSet):
    """Filters of the public twin-cities list. The countries and sectors offered are those
    of the listed records, never of internal ones (the view passes a public queryset)."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Relationship.Level.choices, empty_label=_("All levels")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Relationship.Status.choices, empty_label=_("Any status")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="partner__country", empty_label=_("All countries")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("All sectors"),
    )

    class Meta:
        model = Relationship
        fields = ["q", "level", "status", "country", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the countries and sectors that the listed (public) records have.
        listed = self.queryset.order_by()
        self.offer_choices(
            listed,
            country=lambda: set(listed.values_list("partner__country", flat=True).distinct()),
            sector=lambda: sectors_of(listed),
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Diacritics- and case-insensitive: "kaposvar" finds "Kaposvár" (see core.db).
        return queryset.filter(
            Q(partner__name__unaccent__icontains=value)
            | Q(partner__name_vi__unaccent__icontains=value)
            | Q(partner__name_original__icontains=value)
            | Q(partner__abbreviation__icontains=value)
        )
