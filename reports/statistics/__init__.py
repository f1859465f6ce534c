"""The statistics layer: the only place where the product computes a number that a leader
or the public sees. Pure functions from a period and filters to numbers, each a fixed, small
number of queries with conditional aggregation.

Counting rules (each module's docstring has its own): a period includes both its end dates;
cancelled records do not count; a record counts in the period of its start, signing or
commitment date; a delegation from two countries is one delegation; money is converted at
the rate in force on the record's date and a missing rate is reported, never guessed
(``aid.money``); ``public=True`` counts only what the public pages may show.
"""

from .agreements import AgreementSummary, agreement_summary
from .aid import AidSummary, aid_summary
from .conferences import ConferenceSummary, conference_summary
from .delegations import DelegationSummary, delegation_summary
from .relationships import RelationshipSummary, relationship_summary

__all__ = [
    "AgreementSummary",
    "AidSummary",
    "ConferenceSummary",
    "DelegationSummary",
    "RelationshipSummary",
    "agreement_summary",
    "aid_summary",
    "conference_summary",
    "delegation_summary",
    "relationship_summary",
]
