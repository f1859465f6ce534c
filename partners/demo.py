"""Demo partners and relationships of Can Tho, after the seeds: its twin cities Riverside,
Kaposvár, Okayama and Jeollanam-do, and its network memberships (Global Resilient Cities
Network, formerly 100 Resilient Cities; the Global Covenant of Mayors for Climate and Energy;
AIMF). The activities retell what the seeds report. Dates of establishment are illustrative.

One partner, one relationship and one activity are internal on purpose, so that the demo
shows what the public pages hide.
"""

import datetime

from core.models import LocalUnit, Sector, Visibility

from .models import ForeignPartner, Relationship, RelationshipActivity

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
Kind = ForeignPartner.Kind
Level = Relationship.Level

# key: (name, country, kind, name_original, name_vi, abbreviation, website, visibility)
PARTNERS = {
    "riverside": (
        "Riverside",
        "US",
        Kind.LOCALITY,
        "City of Riverside, California",
        "Thành phố Riverside",
        "",
        "https://riversideca.gov",
        PUBLIC,
    ),
    "kaposvar": (
        "Kaposvár",
        "HU",
        Kind.LOCALITY,
        "Kaposvár Megyei Jogú Város",
        "Thành phố Kaposvár",
        "",
        "https://www.kaposvar.hu",
        PUBLIC,
    ),
    "okayama": (
        "Okayama",
        "JP",
        Kind.LOCALITY,
        "岡山市",
        "Thành phố Okayama",
        "",
        "https://www.city.okayama.jp",
        PUBLIC,
    ),
    "jeollanam": (
        "Jeollanam-do",
        "KR",
        Kind.LOCALITY,
        "전라남도",
        "Tỉnh Jeollanam-do",
        "",
        "https://www.jeonnam.go.kr",
        PUBLIC,
    ),
    "grcn": (
        "Global Resilient Cities Network",
        "",
        Kind.NETWORK,
        "",
        "Mạng lưới các thành phố có khả năng chống chịu toàn cầu",
        "GRCN",
        "https://resilientcitiesnetwork.org",
        PUBLIC,
    ),
    "gcom": (
        "Global Covenant of Mayors for Climate & Energy",
        "",
        Kind.NETWORK,
        "",
        "Hiệp ước Thị trưởng toàn cầu về Khí hậu và Năng lượng",
        "GCoM",
        "https://www.globalcovenantofmayors.org",
        PUBLIC,
    ),
    "aimf": (
        "International Association of French-speaking Mayors",
        "",
        Kind.NETWORK,
        "Association internationale des maires francophones",
        "Hiệp hội Thị trưởng các thành phố sử dụng tiếng Pháp",
        "AIMF",
        "https://www.aimf.asso.fr",
        PUBLIC,
    ),
    "germany_cg": (
        "Consulate General of Germany in Ho Chi Minh City",
        "DE",
        Kind.DIPLOMATIC_MISSION,
        "Generalkonsulat der Bundesrepublik Deutschland Ho-Chi-Minh-Stadt",
        "Tổng Lãnh sự quán Đức tại Thành phố Hồ Chí Minh",
        "",
        "",
        PUBLIC,
    ),
    "champasak": (
        "Champasak",
        "LA",
        Kind.LOCALITY,
        "ແຂວງຈຳປາສັກ",
        "Tỉnh Champasak",
        "",
        "",
        INTERNAL,
    ),
}

# key: (partner, level, status, established, founding document, sectors, summary vi, summary en, visibility)
RELATIONSHIPS = {
    "riverside": (
        "riverside",
        Level.TWINNING,
        Relationship.Status.ACTIVE,
        datetime.date(2015, 4, 9),
        "Thỏa thuận thiết lập quan hệ thành phố kết nghĩa Cần Thơ – Riverside",
        ["education", "health", "trade", "startups-innovation"],
        "Thành phố kết nghĩa tại bang California, Hoa Kỳ. Hợp tác trong giáo dục, y tế, "
        "thương mại và khởi nghiệp.",
        "Sister city in California, United States. Cooperation in education, health, trade "
        "and start-ups.",
        PUBLIC,
    ),
    "kaposvar": (
        "kaposvar",
        Level.TWINNING,
        Relationship.Status.ACTIVE,
        datetime.date(2016, 10, 20),
        "Thỏa thuận hợp tác hữu nghị Cần Thơ – Kaposvár",
        ["education", "agriculture", "culture", "health"],
        "Thành phố kết nghĩa tại Hungary. Hợp tác trong giáo dục, nông nghiệp và văn hóa.",
        "Twin city in Hungary. Cooperation in education, agriculture and culture.",
        PUBLIC,
    ),
    "okayama": (
        "okayama",
        Level.TWINNING,
        Relationship.Status.ACTIVE,
        datetime.date(2017, 11, 2),
        "Biên bản ghi nhớ hợp tác Cần Thơ – Okayama",
        ["environment", "health", "education", "urban-infrastructure"],
        "Thành phố kết nghĩa tại Nhật Bản. Hợp tác về môi trường, y tế, giáo dục và hạ tầng đô thị.",
        "Twin city in Japan. Cooperation in environment, health, education and urban infrastructure.",
        PUBLIC,
    ),
    "jeollanam": (
        "jeollanam",
        Level.TWINNING,
        Relationship.Status.ACTIVE,
        datetime.date(2012, 8, 24),
        "Thỏa thuận hợp tác hữu nghị Cần Thơ – Jeollanam-do",
        ["agriculture", "fisheries", "trade", "health"],
        "Tỉnh kết nghĩa tại Hàn Quốc. Hợp tác về nông nghiệp, thủy sản, thương mại và y tế.",
        "Twin province in the Republic of Korea. Cooperation in agriculture, fisheries, trade "
        "and health.",
        PUBLIC,
    ),
    "grcn": (
        "grcn",
        Level.NETWORK,
        Relationship.Status.ACTIVE,
        datetime.date(2014, 12, 3),
        "",
        ["climate-change", "urban-infrastructure", "smart-governance"],
        'Thành viên mạng lưới "100 thành phố có khả năng chống chịu" (nay là Mạng lưới các '
        "thành phố có khả năng chống chịu toàn cầu): thích ứng biến đổi khí hậu, phát triển đô thị.",
        'Member of "100 Resilient Cities" (now the Global Resilient Cities Network): '
        "climate change adaptation and urban development.",
        PUBLIC,
    ),
    "gcom": (
        "gcom",
        Level.NETWORK,
        Relationship.Status.ACTIVE,
        datetime.date(2018, 6, 1),
        "",
        ["climate-change", "energy", "environment"],
        "Thành viên Hiệp ước Thị trưởng toàn cầu về Khí hậu và Năng lượng.",
        "Member of the Global Covenant of Mayors for Climate & Energy.",
        PUBLIC,
    ),
    "aimf": (
        "aimf",
        Level.NETWORK,
        Relationship.Status.ACTIVE,
        datetime.date(2008, 11, 1),
        "",
        ["urban-infrastructure", "smart-governance", "culture"],
        "Thành viên Hiệp hội Thị trưởng các thành phố sử dụng tiếng Pháp (AIMF).",
        "Member of the International Association of French-speaking Mayors (AIMF).",
        PUBLIC,
    ),
    "champasak": (
        "champasak",
        Level.COOPERATION,
        Relationship.Status.ACTIVE,
        datetime.date(2022, 3, 15),
        "",
        ["health"],
        "Quan hệ hợp tác đang được xây dựng; chưa công bố.",
        "A cooperation being prepared; not yet published.",
        INTERNAL,
    ),
}

COVID_SUPPORT_VI = "Hỗ trợ trang thiết bị y tế phòng, chống COVID-19"
COVID_SUPPORT_EN = "Medical equipment for COVID-19 prevention and control"
COVID_SUPPORT_DESC_VI = (
    "Cùng với Riverside, Kaposvár, Okayama và Jeollanam-do hỗ trợ thành phố trang thiết bị "
    "y tế phòng, chống COVID-19, tổng trị giá khoảng 75.000 USD."
)
COVID_SUPPORT_DESC_EN = (
    "Together with Riverside, Kaposvár, Okayama and Jeollanam-do, supported the city with "
    "medical equipment against COVID-19, worth about USD 75,000 in total."
)

# (relationship, date, kind, title vi, title en, description vi, description en, unit, visibility)
COVID_SUPPORT_DATES = [
    ("riverside", datetime.date(2021, 9, 14)),
    ("kaposvar", datetime.date(2021, 9, 20)),
    ("okayama", datetime.date(2021, 10, 8)),
    ("jeollanam", datetime.date(2021, 8, 30)),
]

ACTIVITIES = [
    (
        "riverside",
        datetime.date(2015, 4, 9),
        "signing",
        "Ký kết thiết lập quan hệ thành phố kết nghĩa",
        "Sister-city agreement signed",
        "",
        "",
        LocalUnit.Kind.LEADERSHIP,
        PUBLIC,
    ),
    (
        "riverside",
        datetime.date(2023, 10, 5),
        "exchange",
        "Đoàn sinh viên Riverside trao đổi tại Trường Đại học Cần Thơ",
        "Riverside students on exchange at Can Tho University",
        "",
        "",
        "Trường Đại học Cần Thơ",
        PUBLIC,
    ),
    (
        "kaposvar",
        datetime.date(2024, 5, 16),
        "visit",
        "Đoàn lãnh đạo thành phố Kaposvár thăm và làm việc tại Cần Thơ",
        "Kaposvár city leaders visit Can Tho",
        "",
        "",
        "Sở Ngoại vụ",
        PUBLIC,
    ),
    (
        "okayama",
        datetime.date(2025, 7, 22),
        "meeting",
        "Trao đổi trực tuyến về quản lý chất thải rắn đô thị",
        "Online talks on urban solid waste management",
        "",
        "",
        "Sở Tài nguyên và Môi trường",
        PUBLIC,
    ),
    (
        "okayama",
        datetime.date(2026, 3, 3),
        "meeting",
        "Dự thảo kế hoạch hợp tác giai đoạn 2026–2027 (nội bộ)",
        "Draft cooperation plan 2026–2027 (internal)",
        "Ghi chú nội bộ: chờ ý kiến các sở.",
        "Internal note: awaiting the departments' comments.",
        "Sở Ngoại vụ",
        INTERNAL,
    ),
    (
        "jeollanam",
        datetime.date(2012, 8, 24),
        "signing",
        "Ký kết thỏa thuận hợp tác hữu nghị",
        "Friendship and cooperation agreement signed",
        "",
        "",
        LocalUnit.Kind.LEADERSHIP,
        PUBLIC,
    ),
    (
        "grcn",
        datetime.date(2014, 12, 3),
        "event",
        "Cần Thơ được chọn vào mạng lưới 100 thành phố có khả năng chống chịu",
        "Can Tho selected for the 100 Resilient Cities network",
        "",
        "",
        LocalUnit.Kind.LEADERSHIP,
        PUBLIC,
    ),
    (
        "grcn",
        datetime.date(2022, 6, 10),
        "meeting",
        "Hội thảo về chiến lược chống chịu của thành phố",
        "Workshop on the city's resilience strategy",
        "",
        "",
        "Sở Tài nguyên và Môi trường",
        PUBLIC,
    ),
    (
        "aimf",
        datetime.date(2023, 11, 28),
        "event",
        "Tham dự Đại hội đồng AIMF",
        "Attended the AIMF General Assembly",
        "",
        "",
        LocalUnit.Kind.LEADERSHIP,
        PUBLIC,
    ),
    # The twin cities' COVID-19 medical support (about USD 75,000 together), one entry each.
    *(
        (
            key,
            date,
            "support",
            COVID_SUPPORT_VI,
            COVID_SUPPORT_EN,
            COVID_SUPPORT_DESC_VI,
            COVID_SUPPORT_DESC_EN,
            "Sở Y tế",
            PUBLIC,
        )
        for key, date in COVID_SUPPORT_DATES
    ),
]


def _unit(name_or_kind):
    if name_or_kind == LocalUnit.Kind.LEADERSHIP:
        return LocalUnit.objects.filter(kind=LocalUnit.Kind.LEADERSHIP).order_by("pk").first()
    return LocalUnit.objects.get(name=name_or_kind)


def load():
    partners = {}
    for key, (
        name,
        country,
        kind,
        original,
        name_vi,
        abbr,
        website,
        visibility,
    ) in PARTNERS.items():
        partners[key], _ = ForeignPartner.objects.update_or_create(
            name=name,
            country=country,
            defaults={
                "kind": kind,
                "name_original": original,
                "name_vi": name_vi,
                "abbreviation": abbr,
                "website": website,
                "visibility": visibility,
            },
        )

    leadership = _unit(LocalUnit.Kind.LEADERSHIP)
    relationships = {}
    for key, (
        partner,
        level,
        status,
        established,
        founding,
        sectors,
        summary,
        summary_en,
        visibility,
    ) in RELATIONSHIPS.items():
        relationship, _ = Relationship.objects.update_or_create(
            partner=partners[partner],
            level=level,
            defaults={
                "status": status,
                "established_on": established,
                "founding_document": founding,
                "local_unit": leadership,
                "summary": summary,
                "summary_en": summary_en,
                "visibility": visibility,
            },
        )
        relationship.sectors.set(Sector.objects.filter(code__in=sectors))
        relationships[key] = relationship

    for (
        key,
        date,
        kind,
        title,
        title_en,
        description,
        description_en,
        unit,
        visibility,
    ) in ACTIVITIES:
        RelationshipActivity.objects.update_or_create(
            relationship=relationships[key],
            date=date,
            title=title,
            defaults={
                "kind": kind,
                "title_en": title_en,
                "description": description,
                "description_en": description_en,
                "local_unit": _unit(unit),
                "visibility": visibility,
            },
        )
    return {
        "foreign partners": ForeignPartner.objects.count(),
        "relationships": Relationship.objects.count(),
        "relationship activities": RelationshipActivity.objects.count(),
    }
