import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import PublicFilterSet, sectors_of, years_of
from core.models import Sector
from partners.models import ForeignPartner

from .models import AidProject, AidStatus

# The public never sees a cancelled project (``AidProjectQuerySet.public``): not offered.
PUBLIC_STATUSES = [
    (value, label) for value, label in AidStatus.choices if value != AidStatus.CANCELLED
]


class AidProjectFilterSet(PublicFilterSet):
    """Filters of the public aid list (and its CSV download and its totals). The countries,
    years and sectors offered are those of the listed records: the view passes a public
    queryset.

    Only public partners take part in the search: looking for an internal donor's name must
    not reveal which projects it funded. The country filter uses the project's own country,
    which the list shows for every project.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    direction = django_filters.ChoiceFilter(
        label=_("Direction"),
        choices=AidProject.Direction.choices,
        empty_label=_("Received and given"),
    )
    modality = django_filters.ChoiceFilter(
        label=_("Modality"), choices=AidProject.Modality.choices, empty_label=_("All modalities")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PUBLIC_STATUSES, empty_label=_("All statuses")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", empty_label=_("All countries")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        method="filter_sector",
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("All sectors"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year committed"), method="filter_year", empty_label=_("All years")
    )

    class Meta:
        model = AidProject
        fields = ["q", "direction", "modality", "status", "country", "sector", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = self.queryset.order_by()
        self.offer_choices(
            listed,
            country=lambda: set(listed.values_list("country", flat=True).distinct()),
            year=lambda: years_of(listed, "committed_on"),
            sector=lambda: sectors_of(listed),
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Diacritics- and case-insensitive: "y te" finds "Thiết bị y tế" (see core.db).
        partner_matches = ForeignPartner.objects.public().filter(
            Q(name__unaccent__icontains=value)
            | Q(name_vi__unaccent__icontains=value)
            | Q(abbreviation__icontains=value),
            aid_projects=OuterRef("pk"),
        )
        return queryset.filter(
            Q(title__unaccent__icontains=value)
            | Q(title_en__unaccent__icontains=value)
            | Q(beneficiaries__unaccent__icontains=value)
            | Exists(partner_matches)
        )

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(committed_on__year=int(value)) if value else queryset

    def filter_sector(self, queryset, name, sector):
        if not sector:
            return queryset
        own = AidProject.sectors.through.objects.filter(sector=sector, aidproject=OuterRef("pk"))
        return queryset.filter(Exists(own))
