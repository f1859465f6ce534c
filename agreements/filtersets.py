import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filters import PublicFilterSet, sectors_of, years_of
from core.models import Sector
from partners.models import ForeignPartner

from .models import Agreement, AgreementStatus


class AgreementFilterSet(PublicFilterSet):
    """Filters of the public agreements list (and its CSV download). The countries, years
    and sectors offered are those of the listed records: the view passes a public queryset,
    annotated with ``effective_status`` (``AgreementQuerySet.with_effective_status``), on
    which the status filter works, so an agreement past its expiry is found as expired.

    Only public parties take part: searching for an internal party's name, or filtering by
    its country, must not reveal which agreements it signed.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("All kinds")
    )
    signing_level = django_filters.ChoiceFilter(
        label=_("Signing level"), choices=Agreement.Level.choices, empty_label=_("Both levels")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AgreementStatus.choices,
        method="filter_status",
        empty_label=_("All statuses"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), method="filter_country", empty_label=_("All countries")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year signed"), method="filter_year", empty_label=_("All years")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        method="filter_sector",
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("All sectors"),
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "signing_level", "status", "country", "year", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listed = self.queryset.order_by()
        self.offer_choices(
            listed.values("pk"),
            country=lambda: set(
                ForeignPartner.objects.public()
                .filter(agreements__in=listed.values("pk"))
                .exclude(country="")
                .order_by()
                .values_list("country", flat=True)
                .distinct()
            ),
            year=lambda: years_of(listed, "signed_on"),
            sector=lambda: sectors_of(listed),
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Diacritics- and case-insensitive: "ghi nho" finds "Biên bản ghi nhớ" (see core.db).
        party_matches = ForeignPartner.objects.public().filter(
            Q(name__unaccent__icontains=value)
            | Q(name_vi__unaccent__icontains=value)
            | Q(abbreviation__icontains=value),
            agreements=OuterRef("pk"),
        )
        return queryset.filter(
            Q(title__unaccent__icontains=value)
            | Q(title_en__unaccent__icontains=value)
            | Q(reference_number__unaccent__icontains=value)
            | Q(summary__unaccent__icontains=value)
            | Q(summary_en__unaccent__icontains=value)
            | Exists(party_matches)
        )

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        if "effective_status" not in queryset.query.annotations:
            queryset = queryset.with_effective_status()
        return queryset.filter(effective_status=value)

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        parties = ForeignPartner.objects.public().filter(country=value, agreements=OuterRef("pk"))
        return queryset.filter(Exists(parties))

    def filter_year(self, queryset, name, value):
        return queryset.filter(signed_on__year=int(value)) if value else queryset

    def filter_sector(self, queryset, name, sector):
        if not sector:
            return queryset
        own = Agreement.sectors.through.objects.filter(sector=sector, agreement=OuterRef("pk"))
        return queryset.filter(Exists(own))
