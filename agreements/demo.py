"""Demo agreements of Can Tho, consistent with the seeds.

From the seeds: Can Tho's twin cities Riverside (United States), Kaposvár (Hungary), Okayama
(Japan) and Jeollanam-do (Republic of Korea), each relationship pointing to its founding
agreement; and the count for 2020–2025: the city leadership signed 25 documents and the
departments and units 30 international agreements, with partners in the United States,
France, Japan, Korea, Hungary, Bulgaria, New Zealand, Thailand, Singapore and Laos, in
agriculture, tourism, trade, education, investment, health, environment, biotechnology,
start-ups and innovation, and logistics. The demo has exactly 25 city-level and 30
unit-level agreements signed in 2020–2025; around them a few older ones (the twinning
agreements go back to 2012–2017), a few signed in 2026 and three still under negotiation.

Everything else is illustrative: the seeds give no titles, numbers or dates, so the
reference numbers, dates, terms and implementation steps are invented (every agreement's
internal ``notes`` says so), signatories are given by position only, and the partners this
module adds (universities, agencies, associations) have generic names that belong to no
real body.

The demo shows what the leaders' lists are for: some agreements expire within 90 days,
some have had no implementation activity for a year (dormant), some have expired, are
open-ended or renew automatically, one was terminated and one amends another. So that
"expiring soon" and "active" stay true whenever the demo is loaded, those expiry dates and
the recent activities are counted from the day of loading (``FromToday``), and so are the
renewal date of one renewing agreement (due soon, yet not expiring) and the entry into force
of the one agreement signed but not yet in force; everything else has fixed dates. About a quarter of the agreements are internal; activities are mostly public.

Idempotent: agreements are updated in place, keyed on their reference number (or on the
title while under negotiation, when there is none); activities on their agreement and text.
Loading on a later day moves the relative dates, never the number of rows.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from core.demo import LEADERSHIP, SECTORS, UNITS
from core.models import LocalUnit, Sector, Visibility
from partners.demo import PARTNERS as PARTNER_DEMO
from partners.demo import RELATIONSHIPS as RELATIONSHIP_DEMO
from partners.models import ForeignPartner, Relationship

from .models import Agreement, AgreementActivity

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
Kind = Agreement.Kind
Status = Agreement.Status
PartnerKind = ForeignPartner.Kind

DEMO_NOTE = (
    "Bản ghi minh họa do load_demo tạo ra: số hiệu, ngày và nội dung triển khai là minh họa."
)


@dataclass(frozen=True)
class FromToday:
    """A date counted from the day the demo is loaded (negative: in the past)."""

    days: int

    def resolve(self, today):
        return today + datetime.timedelta(days=self.days)


def soon(days):
    return FromToday(days)


def ago(days):
    return FromToday(-days)


def resolve(value, today):
    return value.resolve(today) if isinstance(value, FromToday) else value


# ---------------------------------------------------------------------------------------
# Partners. The twin cities and Champasak come from partners.demo; the others are added
# here, with generic names (localities are real places; the agreements with them are not).

COUNTRY_NAMES = {
    "US": ("Hoa Kỳ", "United States"),
    "FR": ("Pháp", "France"),
    "JP": ("Nhật Bản", "Japan"),
    "KR": ("Hàn Quốc", "Republic of Korea"),
    "HU": ("Hungary", "Hungary"),
    "BG": ("Bulgaria", "Bulgaria"),
    "NZ": ("New Zealand", "New Zealand"),
    "TH": ("Thái Lan", "Thailand"),
    "SG": ("Singapore", "Singapore"),
    "LA": ("Lào", "Laos"),
}

EXISTING_PARTNERS = ("riverside", "kaposvar", "okayama", "jeollanam", "champasak")

# key: (name, country, kind, name in Vietnamese, visibility)
NEW_PARTNERS = {
    "inland_valley_u": ("Inland Valley State University", "US", PartnerKind.UNIVERSITY, "Trường Đại học Inland Valley", PUBLIC),
    "riverside_health": ("Riverside Community Health Alliance", "US", PartnerKind.NGO, "Liên minh Y tế cộng đồng Riverside", PUBLIC),
    "us_crops": ("Pacific Specialty Crops Council", "US", PartnerKind.NGO, "Hội đồng Cây trồng đặc sản Thái Bình Dương", PUBLIC),
    "us_agtech": ("Golden Valley AgTech Inc.", "US", PartnerKind.ENTERPRISE, "", INTERNAL),
    "nouvelle_aquitaine": ("Nouvelle-Aquitaine", "FR", PartnerKind.LOCALITY, "Vùng Nouvelle-Aquitaine", PUBLIC),
    "fr_university": ("Université Atlantique des Sciences du Vivant", "FR", PartnerKind.UNIVERSITY, "Trường Đại học Khoa học Sự sống Đại Tây Dương", PUBLIC),
    "fr_tourism": ("Agence de développement touristique Loire-Océan", "FR", PartnerKind.OTHER, "Cơ quan Phát triển du lịch Loire-Océan", PUBLIC),
    "okayama_medical": ("Okayama Medical Exchange Foundation", "JP", PartnerKind.NGO, "Quỹ Giao lưu y khoa Okayama", PUBLIC),
    "jp_environment": ("Setouchi Environmental Technology Centre", "JP", PartnerKind.OTHER, "Trung tâm Công nghệ môi trường Setouchi", PUBLIC),
    "jp_university": ("Kibi University of Agriculture and Technology", "JP", PartnerKind.UNIVERSITY, "Trường Đại học Nông nghiệp và Công nghệ Kibi", PUBLIC),
    "kr_fisheries": ("Yeongsan River Fisheries Research Institute", "KR", PartnerKind.UNIVERSITY, "Viện Nghiên cứu thủy sản sông Yeongsan", PUBLIC),
    "kr_logistics": ("Mokpo Port Logistics Association", "KR", PartnerKind.OTHER, "Hiệp hội Logistics cảng Mokpo", PUBLIC),
    "kr_startups": ("Honam Startup Campus", "KR", PartnerKind.OTHER, "Trung tâm Khởi nghiệp Honam", INTERNAL),
    "somogy_institute": ("Somogy Institute of Agricultural Sciences", "HU", PartnerKind.UNIVERSITY, "Viện Khoa học nông nghiệp Somogy", PUBLIC),
    "plovdiv": ("Plovdiv", "BG", PartnerKind.LOCALITY, "Thành phố Plovdiv", PUBLIC),
    "bg_biotech": ("Balkan Institute of Food Biotechnology", "BG", PartnerKind.UNIVERSITY, "Viện Công nghệ sinh học thực phẩm Balkan", PUBLIC),
    "waikato": ("Waikato Region", "NZ", PartnerKind.LOCALITY, "Vùng Waikato", PUBLIC),
    "nz_institute": ("Southern Plains Institute of Agri-Food", "NZ", PartnerKind.UNIVERSITY, "Viện Nông sản thực phẩm Southern Plains", PUBLIC),
    "khon_kaen": ("Khon Kaen", "TH", PartnerKind.LOCALITY, "Tỉnh Khon Kaen", PUBLIC),
    "th_tourism": ("Mekong–Chao Phraya Tourism Association", "TH", PartnerKind.NGO, "Hiệp hội Du lịch Mê Kông – Chao Phraya", PUBLIC),
    "sg_logistics": ("Straits Urban Logistics Alliance", "SG", PartnerKind.OTHER, "Liên minh Logistics đô thị Straits", PUBLIC),
    "sg_innovation": ("Lion City Innovation Hub Pte. Ltd.", "SG", PartnerKind.ENTERPRISE, "", PUBLIC),
    "savannakhet": ("Savannakhet", "LA", PartnerKind.LOCALITY, "Tỉnh Savannakhet", PUBLIC),
    "la_college": ("Southern Laos Medical College", "LA", PartnerKind.UNIVERSITY, "Trường Cao đẳng Y tế Nam Lào", PUBLIC),
}  # fmt: skip


def _partner_names():
    """key: (name, country, name in Vietnamese) of every partner an agreement may name."""
    names = {}
    for key in EXISTING_PARTNERS:
        name, country, _kind, _original, name_vi, *_rest = PARTNER_DEMO[key]
        names[key] = (name, country, name_vi)
    for key, (name, country, _kind, name_vi, _visibility) in NEW_PARTNERS.items():
        names[key] = (name, country, name_vi)
    return names


PARTNER_NAMES = _partner_names()


# ---------------------------------------------------------------------------------------
# Local units: how a title and a reference number name them.

UNIT_ROWS = {name: (name_en, abbreviation, kind) for name, name_en, abbreviation, kind, _p in UNITS}
HEALTH = "Sở Y tế"
EDUCATION = "Sở Giáo dục và Đào tạo"
PLANNING = "Sở Kế hoạch và Đầu tư"
TRADE = "Sở Công Thương"
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
ENVIRONMENT = "Sở Tài nguyên và Môi trường"
SCIENCE = "Sở Khoa học và Công nghệ"
FOREIGN_AFFAIRS = "Sở Ngoại vụ"
NINH_KIEU, CAI_RANG, PHONG_DIEN = "Quận Ninh Kiều", "Quận Cái Răng", "Huyện Phong Điền"
PROMOTION = "Trung tâm Xúc tiến Thương mại và Đầu tư"
CTU = "Trường Đại học Cần Thơ"
CTUMP = "Trường Đại học Y Dược Cần Thơ"
WATER = "Công ty Cấp thoát nước Cần Thơ"

# The suffix of a reference number: the issuing body, as Vietnamese documents write it.
REFERENCE_SUFFIX = {
    LEADERSHIP: "UBND",
    NINH_KIEU: "UBND-NK",
    CAI_RANG: "UBND-CR",
    PHONG_DIEN: "UBND-PĐ",
    PROMOTION: "TTXT",
    CTU: "ĐHCT",
    CTUMP: "ĐHYDCT",
    WATER: "CTN",
}

# Which department carries out a city-level agreement, by its first sector.
SECTOR_UNITS = {
    "agriculture": AGRICULTURE,
    "fisheries": AGRICULTURE,
    "tourism": CULTURE,
    "culture": CULTURE,
    "trade": TRADE,
    "logistics": TRADE,
    "education": EDUCATION,
    "investment": PLANNING,
    "health": HEALTH,
    "environment": ENVIRONMENT,
    "climate-change": ENVIRONMENT,
    "biotechnology": SCIENCE,
    "startups-innovation": SCIENCE,
}

# kind: (title in Vietnamese, title in English, code in the reference number)
KIND_TITLES = {
    Kind.MOU: ("Biên bản ghi nhớ hợp tác", "Memorandum of understanding", "BGN"),
    Kind.COOPERATION: ("Thỏa thuận hợp tác", "Cooperation agreement", "TTHT"),
    Kind.INTERNATIONAL: ("Thỏa thuận quốc tế", "International agreement", "TTQT"),
    Kind.LETTER_OF_INTENT: ("Thư ý định hợp tác", "Letter of intent", "TYĐ"),
    Kind.TWINNING: ("Thỏa thuận kết nghĩa", "Twinning agreement", "TTKN"),
    Kind.CONTRACT: ("Hợp đồng", "Contract", "HĐ"),
    Kind.MINUTES: ("Biên bản làm việc", "Minutes of the working session", "BB"),
    Kind.OTHER: ("Văn bản", "Document", "PL"),
}


def _lower_first(text):
    return text[:1].lower() + text[1:]


def local_names(unit):
    """How a title names the local signatory: (Vietnamese, English)."""
    name_en, _abbreviation, kind = UNIT_ROWS[unit]
    if kind == LocalUnit.Kind.LEADERSHIP:
        return "Ủy ban nhân dân thành phố Cần Thơ", name_en
    if kind == LocalUnit.Kind.DISTRICT:
        return (
            f"Ủy ban nhân dân {_lower_first(unit)}, thành phố Cần Thơ",
            f"{name_en} People's Committee, Can Tho City",
        )
    if "Cần Thơ" in unit:
        return unit, name_en
    return f"{unit} thành phố Cần Thơ", f"Can Tho City {name_en}"


def signatory(unit, kind):
    """The signatory's position (the demo names no one)."""
    unit_kind = UNIT_ROWS[unit][2]
    if unit_kind == LocalUnit.Kind.LEADERSHIP:
        if kind in (Kind.TWINNING, Kind.INTERNATIONAL):
            return "Chủ tịch UBND thành phố"
        return "Phó Chủ tịch UBND thành phố"
    if unit_kind == LocalUnit.Kind.DISTRICT:
        return f"Chủ tịch UBND {_lower_first(unit)}"
    if unit_kind == LocalUnit.Kind.UNIVERSITY:
        return f"Hiệu trưởng {unit}"
    if unit_kind == LocalUnit.Kind.ENTERPRISE:
        return f"Tổng Giám đốc {unit}"
    return f"Giám đốc {unit}"


def party_names(keys):
    vi, en = [], []
    for key in keys:
        name, country, name_vi = PARTNER_NAMES[key]
        country_vi, country_en = COUNTRY_NAMES[country]
        vi.append(f"{name_vi or name} ({country_vi})")
        en.append(f"{name} ({country_en})")
    return ", ".join(vi), ", ".join(en)


SECTOR_NAMES = {code: (name, name_en) for code, name, name_en in SECTORS}


# ---------------------------------------------------------------------------------------
# Implementation steps: the first is the plan; the next ones follow the first sector.
# (description, description in English, progress note, visibility)

PLAN_STEP = (
    "Ban hành kế hoạch triển khai, phân công đơn vị đầu mối",
    "Implementation plan issued and a lead unit appointed",
    "Kế hoạch giai đoạn đầu được phê duyệt",
    PUBLIC,
)

SECTOR_STEPS = {
    "agriculture": [
        ("Chuyển giao quy trình canh tác lúa giảm phát thải cho nông dân", "Low-emission rice farming methods transferred to farmers", "3 mô hình trình diễn, 120 hộ tham gia", PUBLIC),
        ("Đoàn chuyên gia khảo sát vùng trồng cây ăn trái", "Experts surveyed the fruit-growing areas", "Đã có báo cáo khảo sát", PUBLIC),
        ("Sơ kết nội bộ kết quả hợp tác nông nghiệp", "Internal mid-term review of the agricultural cooperation", "Đề xuất mở rộng sang giai đoạn 2", INTERNAL),
    ],
    "fisheries": [
        ("Hội thảo về nuôi trồng thủy sản bền vững", "Workshop on sustainable aquaculture", "80 đại biểu tham dự", PUBLIC),
        ("Thí điểm mô hình nuôi tôm tuần hoàn", "Pilot of recirculating shrimp farming", "Vụ nuôi đầu tiên hoàn thành", PUBLIC),
        ("Đánh giá nội bộ hiệu quả mô hình thí điểm", "Internal assessment of the pilot", "Năng suất tăng khoảng 15%", INTERNAL),
    ],
    "tourism": [
        ("Tổ chức đoàn famtrip giới thiệu sản phẩm du lịch sông nước", "Familiarisation trip on river tourism products", "12 doanh nghiệp lữ hành tham gia", PUBLIC),
        ("Quảng bá du lịch Cần Thơ tại hội chợ du lịch của đối tác", "Can Tho tourism promoted at the partner's travel fair", "Ký 4 thỏa thuận giữa doanh nghiệp", PUBLIC),
        ("Rà soát nội bộ chương trình kích cầu du lịch chung", "Internal review of the joint tourism promotion", "Chờ bố trí kinh phí năm sau", INTERNAL),
    ],
    "culture": [
        ("Tổ chức Tuần văn hóa và ẩm thực", "Culture and food week held", "Khoảng 5.000 lượt khách tham quan", PUBLIC),
        ("Trao đổi đoàn nghệ thuật", "Exchange of performing arts troupes", "2 buổi biểu diễn", PUBLIC),
        ("Họp nội bộ chuẩn bị lễ kỷ niệm quan hệ hợp tác", "Internal meeting to prepare the anniversary", "Dự thảo chương trình đã xong", INTERNAL),
    ],
    "trade": [
        ("Tổ chức hội nghị kết nối giao thương", "Business matchmaking conference held", "45 doanh nghiệp tham dự, 9 biên bản ghi nhớ", PUBLIC),
        ("Đưa doanh nghiệp thành phố tham gia hội chợ tại nước đối tác", "City companies taken to a trade fair in the partner country", "6 doanh nghiệp có đơn hàng thử", PUBLIC),
        ("Đánh giá nội bộ kim ngạch xuất khẩu sang thị trường đối tác", "Internal review of exports to the partner's market", "Kim ngạch tăng so với năm trước", INTERNAL),
    ],
    "logistics": [
        ("Khảo sát chuỗi cung ứng lạnh cho nông sản", "Survey of the cold chain for farm produce", "Báo cáo khảo sát đã hoàn thành", PUBLIC),
        ("Tập huấn quản lý kho vận cho doanh nghiệp", "Warehouse management training for companies", "60 học viên", PUBLIC),
        ("Rà soát nội bộ đề án trung tâm logistics", "Internal review of the logistics centre proposal", "Cần bổ sung số liệu", INTERNAL),
    ],
    "education": [
        ("Trao học bổng và tiếp nhận sinh viên trao đổi", "Scholarships awarded and exchange students received", "20 sinh viên được cấp học bổng", PUBLIC),
        ("Tập huấn phương pháp giảng dạy cho giáo viên", "Teaching-methods training for teachers", "150 giáo viên tham gia", PUBLIC),
        ("Đánh giá nội bộ chương trình trao đổi", "Internal review of the exchange programme", "Đề xuất tăng chỉ tiêu", INTERNAL),
    ],
    "investment": [
        ("Hội nghị xúc tiến đầu tư tại nước đối tác", "Investment promotion conference in the partner country", "3 nhà đầu tư đăng ký khảo sát", PUBLIC),
        ("Đón đoàn nhà đầu tư khảo sát khu công nghiệp", "Investors toured the industrial parks", "Đang hoàn thiện hồ sơ dự án", PUBLIC),
        ("Theo dõi nội bộ danh mục dự án kêu gọi đầu tư", "Internal follow-up of the projects on offer", "2 dự án đang đàm phán", INTERNAL),
    ],
    "health": [
        ("Đào tạo ngắn hạn cho bác sĩ và điều dưỡng", "Short courses for doctors and nurses", "35 nhân viên y tế hoàn thành khóa học", PUBLIC),
        ("Tiếp nhận trang thiết bị y tế", "Medical equipment received", "Đã bàn giao cho 3 bệnh viện", PUBLIC),
        ("Đánh giá nội bộ nhu cầu đào tạo giai đoạn tiếp theo", "Internal assessment of training needs for the next phase", "Đã gửi đề xuất cho đối tác", INTERNAL),
    ],
    "environment": [
        ("Hội thảo về quản lý chất thải rắn đô thị", "Workshop on urban solid waste management", "Đề xuất 5 giải pháp phân loại rác tại nguồn", PUBLIC),
        ("Thí điểm quan trắc chất lượng nước sông Cần Thơ", "Pilot water-quality monitoring of the Can Tho river", "Lắp đặt 4 trạm quan trắc", PUBLIC),
        ("Rà soát nội bộ tiến độ dự án thí điểm", "Internal review of the pilot's progress", "Chậm 2 tháng do thủ tục", INTERNAL),
    ],
    "biotechnology": [
        ("Hợp tác nghiên cứu chế phẩm sinh học cho cây trồng", "Joint research on biological products for crops", "Đã có kết quả thử nghiệm bước đầu", PUBLIC),
        ("Trao đổi nghiên cứu viên", "Exchange of researchers", "4 nghiên cứu viên", PUBLIC),
        ("Đánh giá nội bộ khả năng thương mại hóa", "Internal assessment of commercial prospects", "Cần thêm đối tác doanh nghiệp", INTERNAL),
    ],
    "startups-innovation": [
        ("Chương trình ươm tạo cho doanh nghiệp khởi nghiệp", "Incubation programme for start-ups", "10 dự án được chọn", PUBLIC),
        ("Ngày hội khởi nghiệp đổi mới sáng tạo", "Start-up and innovation day", "Khoảng 300 người tham dự", PUBLIC),
        ("Rà soát nội bộ các dự án được ươm tạo", "Internal review of the incubated projects", "3 dự án gọi được vốn", INTERNAL),
    ],
}  # fmt: skip


# ---------------------------------------------------------------------------------------
# The agreements.


@dataclass
class Spec:
    """One demo agreement; see ``AGREEMENTS``."""

    number: int | None  # in the reference number; None while under negotiation
    signed_on: datetime.date | None
    kind: str
    unit: str
    parties: list
    sectors: list
    topic: str  # "về …", follows the kind in the title
    topic_en: str  # "on …"
    expires: object = None  # a date, a FromToday, or None when open-ended
    renewal_months: int | None = None  # renews automatically for this term
    in_force_from: object = None  # a date, a FromToday, or None: in force on signing
    status: str = Status.SIGNED  # the dates decide, but for negotiating and terminated
    terminated_on: datetime.date | None = None
    parent: str | None = None  # the reference number of the agreement it amends
    place: str = "Thành phố Cần Thơ"
    visibility: str = PUBLIC
    steps: list = field(default_factory=list)  # days after signing, dates or FromToday
    title: str = ""  # instead of the generated title
    title_en: str = ""
    twin: str | None = None  # the partners.demo relationship it founded

    @property
    def level(self):
        if self.unit == LEADERSHIP:
            return Agreement.Level.CITY
        return Agreement.Level.UNIT

    @property
    def reference_number(self):
        if self.number is None:
            return ""
        code = KIND_TITLES[self.kind][2]
        suffix = REFERENCE_SUFFIX.get(self.unit) or UNIT_ROWS[self.unit][1]
        return f"{self.number:02d}/{self.signed_on.year}/{code}-{suffix}"

    def titles(self):
        if self.title:
            return self.title, self.title_en
        kind_vi, kind_en, _code = KIND_TITLES[self.kind]
        local_vi, local_en = local_names(self.unit)
        parties_vi, parties_en = party_names(self.parties)
        return (
            f"{kind_vi} {self.topic} giữa {local_vi} và {parties_vi}",
            f"{kind_en} {self.topic_en} between {local_en} and {parties_en}",
        )

    def summaries(self):
        sectors_vi = ", ".join(_lower_first(SECTOR_NAMES[code][0]) for code in self.sectors)
        sectors_en = ", ".join(_lower_first(SECTOR_NAMES[code][1]) for code in self.sectors)
        return (
            f"Hai bên hợp tác trong các lĩnh vực: {sectors_vi}.",
            f"The parties cooperate in {sectors_en}.",
        )


A = Spec
D = datetime.date
CITY = LEADERSHIP
MOU, COOP, INTL = Kind.MOU, Kind.COOPERATION, Kind.INTERNATIONAL
INTENT, CONTRACT, MINUTES = Kind.LETTER_OF_INTENT, Kind.CONTRACT, Kind.MINUTES


def _twinning(key, number, signed_on, title_en, place, **options):
    """A founding agreement of a twin relationship of partners.demo: its title is the
    relationship's founding document, its sectors the relationship's."""
    _partner, _level, _status, established, founding, sectors, *_rest = RELATIONSHIP_DEMO[key]
    assert established == signed_on, key
    return A(number, signed_on, Kind.TWINNING, CITY, [key], sectors, "", "", title=founding,
             title_en=title_en, place=place, twin=key, **options)  # fmt: skip


# fmt: off
TWINNING = [
    _twinning("jeollanam", 21, D(2012, 8, 24),
              "Friendship and cooperation agreement between Can Tho and Jeollanam-do",
              "Tỉnh Jeollanam-do (Hàn Quốc)", expires=D(2017, 8, 24), renewal_months=60,
              steps=[60, D(2018, 10, 4), ago(75)]),
    _twinning("riverside", 9, D(2015, 4, 9),
              "Agreement establishing sister-city relations between Can Tho and Riverside",
              "Thành phố Riverside, California (Hoa Kỳ)", expires=D(2020, 4, 9),
              renewal_months=60, steps=[45, D(2019, 6, 20), D(2023, 10, 5), ago(50)]),
    _twinning("kaposvar", 30, D(2016, 10, 20),
              "Friendship and cooperation agreement between Can Tho and Kaposvár",
              "Thành phố Cần Thơ", steps=[30, D(2024, 5, 16), ago(160)]),
    _twinning("okayama", 27, D(2017, 11, 2),
              "Memorandum of understanding on cooperation between Can Tho and Okayama",
              "Thành phố Okayama (Nhật Bản)", expires=D(2022, 11, 2), renewal_months=60,
              steps=[40, D(2025, 7, 22), ago(20)]),
]

BEFORE_2020 = [
    A(17, D(2018, 10, 25), MOU, CTU, ["jp_university"], ["agriculture", "education"],
      "về đào tạo và nghiên cứu nông nghiệp", "on agricultural training and research",
      expires=D(2023, 10, 25), steps=[60, 420, 900]),
    A(32, D(2019, 12, 20), MOU, CITY, ["okayama"], ["environment", "climate-change"],
      "về quản lý chất thải rắn đô thị", "on urban solid waste management",
      expires=D(2022, 12, 20), steps=[30, 400]),
]

# Signed by the city leadership in 2020–2025: exactly 25.
CITY_2020_2025 = [
    A(3, D(2020, 1, 15), MOU, CITY, ["nouvelle_aquitaine"], ["agriculture", "education"],
      "về phát triển nông nghiệp và đào tạo nghề",
      "on agricultural development and vocational training",
      expires=D(2023, 1, 15), steps=[50, 420]),
    A(11, D(2020, 9, 22), INTL, CITY, ["savannakhet"], ["health", "trade"],
      "về hợp tác y tế và thương mại", "on health and trade cooperation",
      in_force_from=D(2020, 10, 15), place="Trực tuyến",
      steps=[40, D(2021, 8, 12), ago(120)]),
    A(14, D(2020, 11, 5), MINUTES, CITY, ["okayama"], ["health", "education"],
      "về chương trình đào tạo cán bộ y tế", "on a training programme for health workers",
      visibility=INTERNAL, steps=[60, 500, ago(210)]),
    A(2, D(2021, 3, 18), INTENT, CITY, ["waikato"], ["agriculture", "education"],
      "về hợp tác nông nghiệp và giáo dục", "on agricultural and educational cooperation",
      place="Trực tuyến", steps=[90]),
    A(9, D(2021, 6, 24), COOP, CITY, ["jeollanam"], ["fisheries", "agriculture"],
      "về phát triển thủy sản và nông nghiệp", "on fisheries and agricultural development",
      expires=soon(28), place="Trực tuyến", steps=[45, D(2022, 9, 15), D(2024, 4, 9), ago(200)]),
    A(15, D(2021, 11, 30), MOU, CITY, ["riverside"], ["education", "health"],
      "về giáo dục và y tế", "on education and health",
      expires=D(2024, 11, 30), steps=[30, D(2022, 10, 10), D(2023, 10, 5)]),
    A(4, D(2022, 3, 10), MOU, CITY, ["khon_kaen"], ["tourism", "trade"],
      "về phát triển du lịch và thương mại", "on tourism and trade",
      expires=soon(62), steps=[40, D(2023, 6, 1), ago(95)]),
    A(7, D(2022, 4, 21), COOP, CITY, ["kaposvar"], ["education", "culture"],
      "về giáo dục và giao lưu văn hóa", "on education and cultural exchange",
      steps=[30, D(2023, 9, 12), D(2025, 3, 6), ago(40)]),
    A(12, D(2022, 6, 16), MOU, CITY, ["plovdiv"], ["tourism", "culture"],
      "về du lịch và văn hóa", "on tourism and culture",
      steps=[60, D(2022, 12, 1)]),
    A(18, D(2022, 8, 9), INTL, CITY, ["okayama"], ["health", "environment"],
      "về y tế và môi trường đô thị", "on health and the urban environment",
      in_force_from=D(2022, 9, 1), expires=D(2027, 8, 9),
      place="Thành phố Okayama (Nhật Bản)", steps=[30, D(2023, 11, 20), ago(60)]),
    A(21, D(2022, 10, 13), MINUTES, CITY, ["jeollanam", "kr_fisheries"], ["fisheries"],
      "về dự án nuôi trồng thủy sản thí điểm", "on a pilot aquaculture project",
      visibility=INTERNAL, steps=[20, D(2023, 5, 18), ago(150)]),
    A(25, D(2022, 12, 2), MOU, CITY, ["nouvelle_aquitaine"], ["environment", "climate-change"],
      "về môi trường và thích ứng biến đổi khí hậu",
      "on the environment and climate change adaptation",
      expires=D(2025, 12, 2), renewal_months=36, steps=[45, D(2024, 3, 14), ago(110)]),
    A(3, D(2023, 2, 14), INTENT, CITY, ["sg_logistics"], ["logistics", "investment"],
      "về phát triển logistics đô thị", "on urban logistics",
      visibility=INTERNAL),
    A(6, D(2023, 4, 7), MOU, CITY, ["riverside", "riverside_health"], ["health"],
      "về chăm sóc sức khỏe cộng đồng", "on community health care",
      expires=D(2026, 4, 7), steps=[30, D(2024, 2, 22), D(2025, 9, 18)]),
    A(10, D(2023, 5, 25), COOP, CITY, ["waikato"], ["agriculture", "trade"],
      "về nông nghiệp công nghệ cao", "on high-tech agriculture",
      expires=D(2028, 5, 25), place="Vùng Waikato (New Zealand)",
      steps=[40, D(2024, 6, 12), ago(80)]),
    A(13, D(2023, 7, 11), MOU, CITY, ["savannakhet"], ["education"],
      "về đào tạo cán bộ", "on training public servants",
      steps=[50, ago(130)]),
    A(17, D(2023, 9, 19), INTL, CITY, ["kaposvar"], ["agriculture", "investment"],
      "về nông nghiệp và đầu tư", "on agriculture and investment",
      visibility=INTERNAL, steps=[35, ago(300)]),
    A(22, D(2023, 11, 28), MOU, CITY, ["plovdiv"], ["trade", "biotechnology"],
      "về thương mại và công nghệ sinh học", "on trade and biotechnology",
      visibility=INTERNAL, steps=[60, ago(240)]),
    A(2, D(2024, 1, 23), Kind.OTHER, CITY, ["khon_kaen"], ["agriculture"],
      "", "", expires=soon(62), parent="04/2022/BGN-UBND",
      title="Phụ lục sửa đổi, bổ sung Biên bản ghi nhớ hợp tác số 04/2022/BGN-UBND giữa "
      "Ủy ban nhân dân thành phố Cần Thơ và Tỉnh Khon Kaen (Thái Lan): bổ sung lĩnh vực "
      "nông nghiệp",
      title_en="Amendment to memorandum of understanding No. 04/2022/BGN-UBND between Can "
      "Tho City People's Committee and Khon Kaen (Thailand): agriculture added",
      steps=[70, ago(180)]),
    A(8, D(2024, 5, 16), COOP, CITY, ["kaposvar"], ["education", "health"],
      "về giáo dục và y tế giai đoạn 2024–2029", "on education and health, 2024–2029",
      expires=D(2029, 5, 16), steps=[30, ago(90)]),
    A(14, D(2024, 8, 27), MOU, CITY, ["jeollanam"], ["startups-innovation", "trade"],
      "về khởi nghiệp và đổi mới sáng tạo", "on start-ups and innovation",
      steps=[40, D(2025, 4, 3), ago(70)]),
    A(19, D(2024, 10, 30), INTENT, CITY, ["riverside"], ["trade", "startups-innovation"],
      "về xúc tiến thương mại và khởi nghiệp", "on trade promotion and start-ups",
      place="Thành phố Riverside, California (Hoa Kỳ)", visibility=INTERNAL,
      steps=[60, ago(100)]),
    A(3, D(2025, 2, 20), MOU, CITY, ["okayama"], ["education", "health"],
      "về giáo dục và y tế giai đoạn 2025–2030", "on education and health, 2025–2030",
      expires=D(2030, 2, 20), steps=[30, D(2025, 9, 25), ago(35)]),
    A(11, D(2025, 6, 12), INTL, CITY, ["savannakhet"], ["agriculture", "trade"],
      "về nông nghiệp và thương mại biên mậu", "on agriculture and cross-border trade",
      in_force_from=D(2025, 7, 1), steps=[30, ago(140)]),
    A(20, D(2025, 12, 30), MOU, CITY, ["waikato"], ["education"],
      "về giáo dục nghề nghiệp", "on vocational education",
      steps=[40, ago(25)]),
]

# Signed by departments and units in 2020–2025: exactly 30.
UNITS_2020_2025 = [
    A(5, D(2020, 2, 12), MOU, CTU, ["inland_valley_u"], ["education", "agriculture"],
      "về đào tạo và nghiên cứu", "on teaching and research",
      expires=D(2025, 2, 12), steps=[60, D(2021, 9, 6), D(2023, 3, 2)]),
    A(8, D(2020, 6, 30), COOP, HEALTH, ["okayama_medical"], ["health"],
      "về đào tạo nhân lực y tế", "on training health workers",
      steps=[45, D(2022, 7, 4), D(2024, 6, 27), ago(55)]),
    A(12, D(2020, 10, 8), CONTRACT, WATER, ["jp_environment"], ["environment"],
      "hỗ trợ kỹ thuật giảm thất thoát nước", "for technical assistance in reducing water losses",
      in_force_from=D(2020, 11, 1), expires=D(2022, 10, 8), visibility=INTERNAL,
      steps=[30, D(2021, 6, 15)]),
    A(20, D(2020, 12, 17), MOU, PROMOTION, ["sg_logistics"], ["logistics", "trade"],
      "về xúc tiến logistics và thương mại", "on logistics and trade promotion",
      status=Status.TERMINATED, terminated_on=D(2023, 6, 30), steps=[60, D(2021, 11, 4)]),
    A(4, D(2021, 4, 15), MOU, CTUMP, ["la_college"], ["health", "education"],
      "về đào tạo y khoa", "on medical education",
      steps=[40, D(2022, 9, 20), ago(45)]),
    A(10, D(2021, 9, 9), COOP, AGRICULTURE, ["somogy_institute"], ["agriculture", "biotechnology"],
      "về chọn tạo giống cây trồng", "on crop breeding",
      expires=D(2026, 9, 9), place="Trực tuyến", steps=[50, D(2023, 3, 16), D(2025, 11, 20)]),
    A(19, D(2021, 12, 14), MOU, CTU, ["kr_fisheries"], ["fisheries", "biotechnology"],
      "về nghiên cứu thủy sản", "on fisheries research",
      expires=soon(40), renewal_months=24, steps=[40, D(2023, 8, 24), ago(65)]),
    A(2, D(2022, 1, 20), MOU, CULTURE, ["th_tourism"], ["tourism"],
      "về phát triển du lịch sông nước", "on river tourism",
      expires=soon(14), steps=[30, D(2023, 3, 9), ago(85)]),
    A(6, D(2022, 3, 29), INTENT, PLANNING, ["kr_startups"], ["investment", "startups-innovation"],
      "về xúc tiến đầu tư vào doanh nghiệp khởi nghiệp", "on investment in start-ups",
      visibility=INTERNAL),
    A(11, D(2022, 5, 11), COOP, EDUCATION, ["inland_valley_u"], ["education"],
      "về đào tạo giáo viên tiếng Anh", "on training English teachers",
      expires=soon(120), steps=[45, D(2023, 8, 17), ago(30)]),
    A(9, D(2022, 7, 7), MOU, SCIENCE, ["bg_biotech"], ["biotechnology"],
      "về nghiên cứu công nghệ sinh học thực phẩm", "on food biotechnology research",
      steps=[60, D(2023, 4, 13)]),
    A(23, D(2022, 8, 18), MOU, NINH_KIEU, ["fr_tourism"], ["tourism", "culture"],
      "về phát triển du lịch đô thị", "on urban tourism",
      steps=[50, ago(115)]),
    A(15, D(2022, 10, 26), MINUTES, ENVIRONMENT, ["jp_environment"], ["environment", "climate-change"],
      "về quan trắc chất lượng nước", "on water-quality monitoring",
      visibility=INTERNAL, steps=[30, D(2023, 7, 6), ago(190)]),
    A(31, D(2022, 12, 8), MOU, CTU, ["nz_institute"], ["agriculture", "education"],
      "về đào tạo sau đại học ngành nông nghiệp", "on postgraduate training in agriculture",
      expires=D(2027, 12, 8), steps=[40, D(2024, 2, 1), D(2025, 5, 15), ago(60)]),
    A(1, D(2023, 1, 12), COOP, TRADE, ["kr_logistics"], ["logistics", "trade"],
      "về kết nối logistics và xuất khẩu", "on logistics and export links",
      steps=[35, D(2024, 5, 23), ago(170)]),
    A(3, D(2023, 3, 3), MOU, PROMOTION, ["us_crops"], ["trade", "investment", "agriculture"],
      "về xúc tiến thương mại nông sản", "on promoting farm-produce trade",
      expires=soon(85), steps=[30, D(2024, 9, 5), ago(125)]),
    A(7, D(2023, 4, 19), MOU, CTUMP, ["riverside_health"], ["health"],
      "về y tế cộng đồng", "on community health",
      steps=[45, ago(210)]),
    A(9, D(2023, 6, 6), COOP, AGRICULTURE, ["nz_institute"], ["agriculture"],
      "về chăn nuôi bò sữa", "on dairy farming",
      steps=[60]),
    A(12, D(2023, 7, 27), MOU, SCIENCE, ["sg_innovation"], ["startups-innovation"],
      "về ươm tạo khởi nghiệp", "on start-up incubation",
      expires=D(2025, 7, 27), visibility=INTERNAL, steps=[30, D(2024, 4, 18)]),
    A(4, D(2023, 9, 14), MOU, CAI_RANG, ["th_tourism"], ["tourism"],
      "về phát triển du lịch chợ nổi", "on floating-market tourism",
      steps=[40, D(2024, 8, 8), ago(140)]),
    A(36, D(2023, 11, 9), MOU, CTU, ["fr_university"], ["education", "biotechnology"],
      "về trao đổi giảng viên và sinh viên", "on staff and student exchanges",
      expires=D(2025, 11, 9), renewal_months=12, steps=[45, D(2024, 10, 3), ago(40)]),
    A(2, D(2024, 1, 18), MOU, CULTURE, ["plovdiv"], ["culture", "tourism"],
      "về giao lưu văn hóa", "on cultural exchange",
      visibility=INTERNAL, steps=[60, ago(280)]),
    A(5, D(2024, 3, 21), COOP, HEALTH, ["la_college"], ["health"],
      "về hỗ trợ đào tạo điều dưỡng", "on nurse training",
      steps=[30, D(2025, 1, 16), ago(75)]),
    A(6, D(2024, 5, 30), MOU, PHONG_DIEN, ["jp_university"], ["agriculture", "tourism"],
      "về du lịch sinh thái miệt vườn", "on orchard eco-tourism",
      steps=[45, ago(160)]),
    A(8, D(2024, 7, 4), INTENT, PROMOTION, ["sg_innovation"], ["investment", "startups-innovation"],
      "về đầu tư đổi mới sáng tạo", "on innovation investment",
      visibility=INTERNAL, steps=[50, ago(230)]),
    A(10, D(2024, 9, 12), MOU, EDUCATION, ["kaposvar"], ["education"],
      "về trao đổi học sinh", "on school exchanges",
      steps=[30, ago(200)]),
    A(29, D(2024, 11, 21), MOU, CTU, ["somogy_institute"], ["agriculture", "biotechnology"],
      "về nghiên cứu nông nghiệp bền vững", "on sustainable agriculture research",
      expires=D(2029, 11, 21), steps=[40, D(2025, 6, 19), ago(15)]),
    A(4, D(2025, 3, 13), MOU, TRADE, ["us_agtech"], ["trade", "agriculture"],
      "về ứng dụng công nghệ trong thương mại nông sản", "on technology in farm-produce trade",
      visibility=INTERNAL, steps=[30, ago(150)]),
    A(13, D(2025, 8, 21), COOP, ENVIRONMENT, ["nouvelle_aquitaine"], ["environment", "climate-change"],
      "về quản lý tài nguyên nước", "on water resources management",
      steps=[40, ago(50)]),
    A(16, D(2025, 10, 16), MOU, PLANNING, ["sg_logistics"], ["investment", "logistics"],
      "về xúc tiến đầu tư hạ tầng logistics", "on investment in logistics infrastructure",
      expires=D(2028, 10, 16), visibility=INTERNAL, steps=[30, ago(100)]),
]

IN_2026 = [
    A(2, D(2026, 1, 8), MOU, CITY, ["khon_kaen"], ["tourism", "culture"],
      "về kết nối tour du lịch", "on linking tourist routes",
      steps=[40, ago(45)]),
    A(9, D(2026, 4, 14), MOU, CTUMP, ["fr_university"], ["health", "education"],
      "về nghiên cứu y sinh", "on biomedical research",
      visibility=INTERNAL, steps=[50, ago(30)]),
    A(16, D(2026, 9, 24), COOP, CITY, ["plovdiv"], ["culture", "tourism"],
      "về giao lưu văn hóa và du lịch giai đoạn 2026–2030",
      "on culture and tourism, 2026–2030", expires=D(2030, 9, 24), steps=[20]),
    A(21, D(2026, 11, 10), COOP, AGRICULTURE, ["waikato"], ["agriculture"],
      "về chuyển giao công nghệ nông nghiệp", "on agricultural technology transfer",
      in_force_from=soon(36), steps=[7]),
]

NEGOTIATING = [
    A(None, None, COOP, CITY, ["champasak"], ["health"],
      "về y tế (dự thảo)", "on health (draft)",
      status=Status.NEGOTIATING, place="", visibility=INTERNAL),
    A(None, None, MOU, CITY, ["nouvelle_aquitaine"], ["environment", "investment"],
      "về đô thị thông minh (dự thảo)", "on smart cities (draft)",
      status=Status.NEGOTIATING, place="", visibility=INTERNAL),
    A(None, None, MOU, SCIENCE, ["bg_biotech"], ["biotechnology"],
      "về chuyển giao công nghệ sinh học (dự thảo)", "on biotechnology transfer (draft)",
      status=Status.NEGOTIATING, place="", visibility=INTERNAL),
]
# fmt: on

AGREEMENTS = [
    *TWINNING,
    *BEFORE_2020,
    *CITY_2020_2025,
    *UNITS_2020_2025,
    *IN_2026,
    *NEGOTIATING,
]


def _steps(spec):
    """(date, step) of the spec's implementation steps, in order."""
    texts = [PLAN_STEP, *SECTOR_STEPS[spec.sectors[0]]]
    for index, when in enumerate(spec.steps):
        if isinstance(when, int):
            when = spec.signed_on + datetime.timedelta(days=when)
        yield when, texts[index]


def _load_partners():
    partners = {}
    for key in EXISTING_PARTNERS:
        name, country, *_rest = PARTNER_DEMO[key]
        partners[key] = ForeignPartner.objects.get(name=name, country=country)
    for key, (name, country, kind, name_vi, visibility) in NEW_PARTNERS.items():
        partners[key], _created = ForeignPartner.objects.update_or_create(
            name=name,
            country=country,
            defaults={"kind": kind, "name_vi": name_vi, "visibility": visibility},
        )
    return partners


def load():
    today = timezone.localdate()
    partners = _load_partners()
    units = {unit.name: unit for unit in LocalUnit.objects.all()}
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    by_reference = {}
    for spec in AGREEMENTS:
        title, title_en = spec.titles()
        summary, summary_en = spec.summaries()
        values = {
            "kind": spec.kind,
            "title": title,
            "title_en": title_en,
            "signing_level": spec.level,
            "signatory_unit": units[spec.unit],
            "signatory": signatory(spec.unit, spec.kind),
            "signed_on": spec.signed_on,
            "signed_at": spec.place,
            "entry_into_force": resolve(spec.in_force_from, today),
            "expires_on": resolve(spec.expires, today),
            "auto_renew": spec.renewal_months is not None,
            "renewal_term_months": spec.renewal_months,
            "parent": by_reference[spec.parent] if spec.parent else None,
            "status": spec.status,
            "terminated_on": spec.terminated_on,
            "summary": summary,
            "summary_en": summary_en,
            "notes": DEMO_NOTE,
            "visibility": spec.visibility,
        }
        reference = spec.reference_number
        key = {"reference_number": reference} if reference else {"title": title}
        agreement, _created = Agreement.objects.update_or_create(**key, defaults=values)
        agreement.parties.set([partners[party] for party in spec.parties])
        agreement.sectors.set([sectors[code] for code in spec.sectors])
        if reference:
            by_reference[reference] = agreement
        if spec.twin:
            Relationship.objects.filter(
                partner=partners[spec.twin], level=Relationship.Level.TWINNING
            ).update(founding_agreement=agreement)

        unit = units[spec.unit if spec.level == Agreement.Level.UNIT else _lead(spec)]
        for when, (description, description_en, progress, visibility) in _steps(spec):
            AgreementActivity.objects.update_or_create(
                agreement=agreement,
                description=description,
                defaults={
                    "date": max(resolve(when, today), spec.signed_on),
                    "description_en": description_en,
                    "unit": unit,
                    "progress": progress,
                    "visibility": visibility,
                },
            )
    return {
        "agreements": Agreement.objects.count(),
        "implementation activities": AgreementActivity.objects.count(),
    }


def _lead(spec):
    """The department that carries out a city-level agreement."""
    if spec.kind == Kind.TWINNING:
        return FOREIGN_AFFAIRS
    return SECTOR_UNITS[spec.sectors[0]]
