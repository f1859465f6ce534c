"""A small world of partners and records for the search, the partner and country pages and
their statistics: two partners in Japan (Okayama, public; a secret one, internal), one in
Hungary (Kaposvár, public), and records of every type, public and internal, counted and
not (cancelled, planned, under negotiation, in the future), over several years."""

import datetime
from types import SimpleNamespace

import pytest

from agreements.models import Agreement
from aid.models import AidProject
from conferences.models import Conference
from delegations.models import Delegation
from partners.models import Relationship
from tests.factories import (
    AgreementActivityFactory,
    AgreementFactory,
    AidProjectFactory,
    ConferenceFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipActivityFactory,
    RelationshipFactory,
)

D = datetime.date
FUTURE = D(2099, 1, 10)


@pytest.fixture
def world(db):
    okayama = ForeignPartnerFactory(
        public=True, name="Okayama", name_vi="Thành phố Okayama", country="JP"
    )
    foundation = ForeignPartnerFactory(
        public=True, name="Okayama Medical Exchange Foundation", name_vi="", country="JP"
    )
    secret = ForeignPartnerFactory(name="Secret Prefecture", name_vi="", country="JP")
    kaposvar = ForeignPartnerFactory(public=True, name="Kaposvár", name_vi="", country="HU")

    twin = RelationshipFactory(public=True, partner=okayama, established_on=D(2015, 4, 9))
    RelationshipFactory(public=True, partner=kaposvar, established_on=D(2009, 5, 2))
    hidden_relationship = RelationshipFactory(
        partner=secret, level=Relationship.Level.FRIENDSHIP, established_on=D(2018, 1, 1)
    )
    RelationshipActivityFactory(relationship=twin, public=True, date=D(2021, 9, 14))
    RelationshipActivityFactory(relationship=twin, date=D(2022, 3, 3))  # internal
    RelationshipActivityFactory(relationship=twin, public=True, date=FUTURE)  # planned
    RelationshipActivityFactory(relationship=hidden_relationship, public=True, date=D(2020, 1, 1))

    inbound = Delegation.Direction.INBOUND
    outbound = Delegation.Direction.OUTBOUND
    DelegationFactory(public=True, partners=[okayama], start_date=D(2023, 5, 10))
    DelegationFactory(public=True, partners=[okayama], direction=outbound, start_date=D(2024, 2, 1))
    DelegationFactory(
        public=True,
        partners=[okayama],
        status=Delegation.Status.CANCELLED,
        start_date=D(2023, 8, 1),
    )
    DelegationFactory(
        public=True, partners=[okayama], status=Delegation.Status.PLANNED, start_date=FUTURE
    )
    DelegationFactory(partners=[okayama, secret], direction=inbound, start_date=D(2022, 7, 7))
    DelegationFactory(
        public=True, partners=[kaposvar], countries=["JP", "HU"], start_date=D(2021, 11, 2)
    )
    DelegationFactory(public=True, countries=["JP"], start_date=D(2019, 6, 1))  # no partner

    shown = AgreementFactory(public=True, parties=[okayama], signed_on=D(2022, 3, 1))
    AgreementFactory(
        public=True,
        parties=[okayama],
        status=Agreement.Status.NEGOTIATING,
        signed_on=None,
    )
    hidden_agreement = AgreementFactory(parties=[secret, okayama], signed_on=D(2020, 10, 10))
    joint = AgreementFactory(public=True, parties=[okayama, kaposvar], signed_on=D(2019, 9, 9))
    AgreementFactory(public=True, parties=[secret], signed_on=D(2018, 3, 3))
    AgreementActivityFactory(agreement=shown, public=True, date=D(2023, 6, 1))
    AgreementActivityFactory(agreement=shown, date=D(2023, 7, 1))  # internal
    AgreementActivityFactory(agreement=shown, public=True, date=FUTURE)
    AgreementActivityFactory(agreement=hidden_agreement, public=True, date=D(2021, 1, 1))
    AgreementActivityFactory(agreement=joint, public=True, date=D(2020, 2, 2))

    AidProjectFactory(public=True, partner=okayama, committed_on=D(2021, 9, 14))
    AidProjectFactory(
        public=True,
        partner=okayama,
        status=AidProject.Status.CANCELLED,
        committed_on=D(2022, 1, 1),
    )
    AidProjectFactory(partner=secret, committed_on=D(2020, 4, 4))
    AidProjectFactory(public=True, country="HU", committed_on=D(2024, 4, 4))

    held = Conference.PermitStatus.HELD
    ConferenceFactory(
        public=True, organiser_partner=okayama, permit_status=held, start_date=D(2023, 6, 14)
    )
    co_organised = ConferenceFactory(public=True, permit_status=held, start_date=D(2024, 3, 3))
    co_organised.co_organiser_partners.set([okayama, kaposvar])
    ConferenceFactory(public=True, organiser_partner=okayama, start_date=D(2022, 5, 5))  # approved
    ConferenceFactory(
        public=True,
        organiser_partner=okayama,
        permit_status=Conference.PermitStatus.REJECTED,
        permit_number="",
        permit_date=None,
        start_date=D(2021, 5, 5),
    )
    ConferenceFactory(attended=True, public=True, country="JP", start_date=D(2020, 8, 8))
    ConferenceFactory(
        organiser_partner=secret, permit_status=held, start_date=D(2019, 2, 2)
    )  # internal

    return SimpleNamespace(
        okayama=okayama, foundation=foundation, secret=secret, kaposvar=kaposvar, twin=twin
    )
