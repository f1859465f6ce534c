"""The statistics layer: the only place where the product computes a number that a leader
or the public sees. Pure functions from a period and filters to numbers, each a fixed, small
number of queries with conditional aggregation.

Counting rules (each module's docstring has its own): a period includes both its end dates;
cancelled records do not count; a record counts in the period of its start, signing or
commitment date; a delegation from two countries is one delegation; money is converted at
the rate in force on the record's date and a missing rate is reported, never guessed
(``aid.money``); ``public=True`` counts only what the public pages may show.
"""

from .agreements import (
    AgreementSummary,
    agreement_summary,
    agreements_by_country,
    agreements_by_kind,
    agreements_by_level,
    agreements_by_month,
    agreements_by_sector,
)
from .aid import (
    AidRow,
    AidSummary,
    aid_by_country,
    aid_by_modality,
    aid_by_sector,
    aid_ending_count,
    aid_projects_by_month,
    aid_summary,
)
from .breakdowns import Row
from .conferences import (
    ConferenceSummary,
    conference_summary,
    conferences_by_format,
    conferences_by_month,
    permits_pending_count,
)
from .delegations import (
    DelegationSummary,
    delegation_summary,
    delegations_by_country,
    delegations_by_kind,
    delegations_by_month,
    upcoming_delegation_count,
)
from .partners import (
    PartnerFigures,
    YearFigures,
    country_figures,
    country_figures_by_year,
    country_overview,
    country_partner_figures,
    partner_figures,
    partner_figures_by_year,
    partner_overview,
)
from .relationships import RelationshipSummary, dormant_relationship_count, relationship_summary
from .trend import TrendRow, monthly_trend

__all__ = [
    "AgreementSummary",
    "AidRow",
    "AidSummary",
    "ConferenceSummary",
    "DelegationSummary",
    "PartnerFigures",
    "RelationshipSummary",
    "Row",
    "TrendRow",
    "YearFigures",
    "agreement_summary",
    "agreements_by_country",
    "agreements_by_kind",
    "agreements_by_level",
    "agreements_by_month",
    "agreements_by_sector",
    "aid_by_country",
    "aid_by_modality",
    "aid_by_sector",
    "aid_ending_count",
    "aid_projects_by_month",
    "aid_summary",
    "conference_summary",
    "conferences_by_format",
    "conferences_by_month",
    "permits_pending_count",
    "country_figures",
    "country_figures_by_year",
    "country_overview",
    "country_partner_figures",
    "delegation_summary",
    "delegations_by_country",
    "delegations_by_kind",
    "delegations_by_month",
    "dormant_relationship_count",
    "monthly_trend",
    "partner_figures",
    "partner_figures_by_year",
    "partner_overview",
    "relationship_summary",
    "upcoming_delegation_count",
]
