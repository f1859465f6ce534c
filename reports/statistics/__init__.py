"""The statistics layer: the only place where the product computes a number that a leader
or the public sees. Pure functions from a period and filters to numbers, each a fixed, small
number of queries with conditional aggregation.

Counting rules: a period includes both its end dates; cancelled records do not count; a
delegation from two countries is one delegation, counted in the period in which it began;
``public=True`` counts only what the public pages may show.
"""

from .agreements import AgreementSummary, agreement_summary
from .delegations import DelegationSummary, delegation_summary
from .relationships import RelationshipSummary, relationship_summary

__all__ = [
    "AgreementSummary",
    "DelegationSummary",
    "RelationshipSummary",
    "agreement_summary",
    "delegation_summary",
    "relationship_summary",
]
