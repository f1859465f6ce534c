"""factory_boy factories for every model. Defaults make a valid, internal record."""

import datetime

import factory
from django.contrib.auth import get_user_model

from agreements.models import Agreement, AgreementActivity
from aid.models import AidProject, Disbursement, ExchangeRate
from conferences.models import Conference, ConferenceSession, Recommendation
from core.models import LocalUnit, Sector, Visibility
from delegations.models import Delegation, DelegationMember
from partners.models import ForeignPartner, Relationship, RelationshipActivity


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.django.Password("correct-horse-battery")
    is_staff = True


class LocalUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalUnit

    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Test department {n}")
    kind = LocalUnit.Kind.DEPARTMENT


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")


class ForeignPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForeignPartner

    name = factory.Sequence(lambda n: f"Partner City {n}")
    name_vi = factory.Sequence(lambda n: f"Thành phố đối tác {n}")
    kind = ForeignPartner.Kind.LOCALITY
    country = "JP"

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship
        skip_postgeneration_save = True

    partner = factory.SubFactory(ForeignPartnerFactory)
    level = Relationship.Level.TWINNING
    status = Relationship.Status.ACTIVE
    established_on = datetime.date(2015, 4, 9)

    class Params:
        # A public relationship needs a public partner to be shown.
        public = factory.Trait(
            visibility=Visibility.PUBLIC,
            partner=factory.SubFactory(ForeignPartnerFactory, public=True),
        )

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class RelationshipActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelationshipActivity

    relationship = factory.SubFactory(RelationshipFactory)
    date = datetime.date(2021, 9, 14)
    kind = RelationshipActivity.Kind.SUPPORT
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    title_en = factory.Sequence(lambda n: f"Activity {n}")

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation
        skip_postgeneration_save = True

    direction = Delegation.Direction.INBOUND
    kind = Delegation.Kind.BUSINESS
    title = factory.Sequence(lambda n: f"Đoàn công tác {n}")
    title_en = factory.Sequence(lambda n: f"Delegation {n}")
    head_name = factory.Sequence(lambda n: f"Head {n}")
    head_title = "Director"
    head_rank = Delegation.Rank.DIRECTOR
    member_count = 5
    countries = ["JP"]
    start_date = datetime.date(2023, 5, 10)
    end_date = factory.LazyAttribute(lambda delegation: delegation.start_date)
    status = Delegation.Status.COMPLETED

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class DelegationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationMember

    delegation = factory.SubFactory(DelegationFactory)
    name = factory.Sequence(lambda n: f"Member {n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    """A signed MOU at city level with one party, signed 1 March 2022, open-ended."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    kind = Agreement.Kind.MOU
    title = factory.Sequence(lambda n: f"Biên bản ghi nhớ hợp tác {n}")
    title_en = factory.Sequence(lambda n: f"Memorandum of understanding {n}")
    signing_level = Agreement.Level.CITY
    signed_on = datetime.date(2022, 3, 1)
    status = Agreement.Status.SIGNED

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        """``parties=[...]`` sets them; by default one new partner (an agreement always
        has a foreign party)."""
        if not create:
            return
        if extracted is None:
            extracted = [ForeignPartnerFactory(visibility=self.visibility)]
        self.parties.set(extracted)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class AgreementActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementActivity

    agreement = factory.SubFactory(AgreementFactory)
    date = datetime.date(2023, 6, 1)
    description = factory.Sequence(lambda n: f"Hoạt động triển khai {n}")
    description_en = factory.Sequence(lambda n: f"Implementation step {n}")

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)


class ConferenceFactory(factory.django.DjangoModelFactory):
    """A seminar hosted in the city on 14 June 2023, its permit approved, organised by a
    new local unit."""

    class Meta:
        model = Conference
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội thảo quốc tế {n}")
    name_en = factory.Sequence(lambda n: f"International seminar {n}")
    kind = Conference.Kind.SEMINAR
    role = Conference.Role.HOSTED
    organiser_unit = factory.SubFactory(LocalUnitFactory)
    start_date = datetime.date(2023, 6, 14)
    end_date = factory.LazyAttribute(lambda conference: conference.start_date)
    city = "Cần Thơ"
    permit_status = Conference.PermitStatus.APPROVED
    permit_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    permit_date = factory.LazyAttribute(
        lambda conference: conference.start_date - datetime.timedelta(days=25)
    )
    permit_authority = "UBND thành phố Cần Thơ"

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)
        # Attended elsewhere: no permit at all.
        attended = factory.Trait(
            role=Conference.Role.ATTENDED,
            permit_status="",
            permit_number="",
            permit_date=None,
            permit_authority="",
            city="Hà Nội",
        )

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class ConferenceSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceSession

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Phiên chuyên đề {n}")
    kind = ConferenceSession.Kind.SYMPOSIUM


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    conference = factory.SubFactory(ConferenceFactory)
    text = factory.Sequence(lambda n: f"Kiến nghị {n}")


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    """USD at 23,000 VND from 1 January 2021."""

    class Meta:
        model = ExchangeRate
        django_get_or_create = ["currency", "valid_from"]

    currency = "USD"
    valid_from = datetime.date(2021, 1, 1)
    rate_to_vnd = "23000"
    source = "Ngân hàng Nhà nước Việt Nam"


class AidProjectFactory(factory.django.DjangoModelFactory):
    """A USD 75,000 in-kind donation received from Japan, committed 14 September 2021."""

    class Meta:
        model = AidProject
        skip_postgeneration_save = True

    direction = AidProject.Direction.RECEIVED
    modality = AidProject.Modality.IN_KIND
    title = factory.Sequence(lambda n: f"Dự án viện trợ {n}")
    title_en = factory.Sequence(lambda n: f"Aid project {n}")
    country = "JP"
    commitment_amount = "75000.00"
    currency = "USD"
    committed_on = datetime.date(2021, 9, 14)
    status = AidProject.Status.COMPLETED

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    project = factory.SubFactory(AidProjectFactory)
    date = datetime.date(2021, 10, 1)
    amount = "25000.00"
    currency = "USD"


# Attachments (issue 10). Files are made in memory and go through the upload checks.


def image_bytes(width=64, height=48, color="teal", image_format="JPEG", exif=None, **options):
    """A small image's bytes (JPEG unless told), with ``exif`` (a PIL.Image.Exif) if given."""
    import io

    from PIL import Image

    image = Image.new("RGB", (width, height), color)
    output = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    image.save(output, image_format, **options)
    return output.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An attachment checked as an upload would be: ``data`` named ``name`` (a JPEG photo
    by default) on ``record`` (a public delegation by default)."""

    class Meta:
        model = "attachments.Attachment"

    record = factory.SubFactory(DelegationFactory, public=True)
    caption = factory.Sequence(lambda n: f"Ảnh {n}")
    caption_en = factory.Sequence(lambda n: f"Photo {n}")
    date = datetime.date(2024, 3, 15)
    data = factory.LazyFunction(image_bytes)
    name = "photo.jpg"

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)

    @classmethod
    def _create(cls, model_class, *args, data, name, **kwargs):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from attachments.forms import apply_inspection
        from attachments.inspection import inspect_upload

        attachment = model_class(*args, **kwargs)
        apply_inspection(attachment, inspect_upload(SimpleUploadedFile(name, data)))
        attachment.save()
        return attachment
