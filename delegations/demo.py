"""Demo delegations of Can Tho: a few real ones retold from the seeds, and a generated,
plausible history around them so that lists and dashboards have something to show.

Real (from the seeds, written out by hand, all public):

- the Consul General of the Federal Republic of Germany in Ho Chi Minh City received by
  the city leaders (the seed gives no name, so only the position is recorded);
- the twin cities Riverside, Kaposvár, Okayama and Jeollanam-do handing over medical
  equipment against COVID-19 in 2021 (nearly 1.7 billion VND, about USD 75,000, together),
  recorded as representative handovers held partly online, on the dates that
  ``partners.demo`` gives the same support;
- the city's own delegations taking medical supplies to Cambodia and Laos for COVID-19
  (about 2 billion VND together).

The seeds give no dates for these visits, and no format for the handovers: the dates and
formats here are illustrative. Meetings in Viet Nam that are not foreign delegations (the
31st Diplomatic Conference in Hanoi, the foreign service conferences) are left out.

Generated (deterministic: ``random.Random(RANDOM_SEED)``; every row has ``notes`` equal to
``GENERATED_NOTE``): the totals mirror the seeds' figures, so that a dashboard for
2020–2025 reproduces them: exactly 2,012 inbound foreign delegations that were not
cancelled (the real ones above included), 41 of them foreign press delegations. The yearly
spread follows COVID-19 (few in 2020–2021). Around them: the city's outbound delegations, a
few cancelled ones (which count nowhere), and 2026 up to ``DEMO_TODAY`` plus about ten
planned or confirmed visits after it, into early 2027, for an "upcoming visits" list.
Countries, kinds, titles, heads and hosts are drawn from small, generic pools; the heads of
diplomatic and government delegations are given by position only, and the generated
people's names belong to no one in particular.

Idempotent: the real delegations are updated in place (keyed on title and start date). The
generated ones are left alone when their number is the expected one; otherwise they are
all deleted and created again in bulk (a few dozen queries, not one per row).
"""

import datetime
import functools
import random

from core.demo import LEADERSHIP
from core.models import LocalUnit, Sector, Visibility
from partners.demo import COVID_SUPPORT_DATES
from partners.demo import PARTNERS as PARTNER_DEMO
from partners.models import ForeignPartner

from .models import Delegation, DelegationMember

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
IN, OUT = Delegation.Direction.INBOUND, Delegation.Direction.OUTBOUND
Kind = Delegation.Kind
Rank = Delegation.Rank
Status = Delegation.Status
PartnerKind = ForeignPartner.Kind

GENERATED_NOTE = "Bản ghi minh họa do load_demo tạo ra."
RANDOM_SEED = 2012
# The demo's "today": visits up to it are completed, visits after it planned or confirmed.
DEMO_TODAY = datetime.date(2026, 11, 26)

# The seeds' figures for 2020–2025.
INBOUND_TOTAL = 2012
PRESS_TOTAL = 41
FIRST_YEAR, LAST_YEAR = 2020, 2025

CHAIRMAN = "Trần Việt Trường, Chủ tịch UBND thành phố"
FOREIGN_AFFAIRS = "Sở Ngoại vụ"
HEALTH = "Sở Y tế"
PLANNING = "Sở Kế hoạch và Đầu tư"
TRADE = "Sở Công Thương"
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
ENVIRONMENT = "Sở Tài nguyên và Môi trường"
SCIENCE = "Sở Khoa học và Công nghệ"
EDUCATION = "Sở Giáo dục và Đào tạo"
PROMOTION = "Trung tâm Xúc tiến Thương mại và Đầu tư"
CTU = "Trường Đại học Cần Thơ"
CTUMP = "Trường Đại học Y Dược Cần Thơ"
NINH_KIEU, CAI_RANG, PHONG_DIEN = "Quận Ninh Kiều", "Quận Cái Răng", "Huyện Phong Điền"

# ISO code: (Vietnamese name, English name, weight among inbound delegations)
COUNTRIES = {
    "JP": ("Nhật Bản", "Japan", 15),
    "KR": ("Hàn Quốc", "the Republic of Korea", 14),
    "US": ("Hoa Kỳ", "the United States", 9),
    "FR": ("Pháp", "France", 6),
    "DE": ("Đức", "Germany", 5),
    "AU": ("Australia", "Australia", 5),
    "NL": ("Hà Lan", "the Netherlands", 4),
    "TH": ("Thái Lan", "Thailand", 5),
    "SG": ("Singapore", "Singapore", 4),
    "LA": ("Lào", "Laos", 4),
    "KH": ("Campuchia", "Cambodia", 4),
    "CN": ("Trung Quốc", "China", 5),
    "TW": ("Đài Loan (Trung Quốc)", "Taiwan (China)", 4),
    "HU": ("Hungary", "Hungary", 3),
    "BG": ("Bulgaria", "Bulgaria", 1.5),
    "NZ": ("New Zealand", "New Zealand", 2),
    "GB": ("Vương quốc Anh", "the United Kingdom", 3),
    "CA": ("Canada", "Canada", 2),
    "BE": ("Bỉ", "Belgium", 2),
    "IN": ("Ấn Độ", "India", 2),
}
# Countries with a consulate general in Ho Chi Minh City (the others: an embassy in Hanoi).
CONSULATE_COUNTRIES = set(COUNTRIES) - {"BG", "BE", "TW"}
# No diplomatic or government delegations from Taiwan.
OFFICIAL_COUNTRIES = [code for code in COUNTRIES if code != "TW"]
OUTBOUND_COUNTRIES = {
    "JP": 14, "KR": 14, "US": 6, "FR": 5, "HU": 4, "TH": 6, "SG": 5, "LA": 7, "KH": 6,
    "AU": 4, "NL": 3, "DE": 3, "BG": 2, "NZ": 2, "CN": 4, "BE": 1,
}  # fmt: skip
PRESS_COUNTRIES = {
    "JP": 8, "KR": 8, "CN": 4, "LA": 5, "KH": 5, "TH": 4, "FR": 3, "DE": 3, "AU": 3, "SG": 3,
}  # fmt: skip

# Public media of each country that a press delegation may list.
MEDIA_OUTLETS = {
    "JP": ["NHK", "Kyodo News", "Jiji Press"],
    "KR": ["KBS", "Yonhap News Agency", "Arirang TV"],
    "CN": ["Xinhua News Agency", "China Media Group"],
    "LA": ["Lao News Agency", "Lao National Television", "Pasaxon"],
    "KH": ["Agence Kampuchea Presse", "National Television of Cambodia"],
    "TH": ["Thai PBS", "National News Bureau of Thailand"],
    "FR": ["Agence France-Presse", "Radio France Internationale"],
    "DE": ["Deutsche Welle", "Deutsche Presse-Agentur"],
    "AU": ["ABC Australia", "SBS"],
    "SG": ["Mediacorp", "The Straits Times"],
}

# Small pools of common names: (family names, given names, family name first?).
NAMES = {
    "JP": (["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Yamamoto", "Nakamura", "Kobayashi", "Sato"],
           ["Hiroshi", "Kenji", "Takashi", "Yuko", "Akiko", "Naoki", "Emi", "Satoshi"], True),
    "KR": (["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon", "Jang"],
           ["Min-jun", "Ji-hoon", "Seo-yeon", "Hyun-woo", "Eun-ji", "Sung-min", "Ji-young"], True),
    "US": (["Miller", "Johnson", "Anderson", "Carter", "Brooks", "Parker", "Hughes", "Bennett"],
           ["James", "Michael", "Sarah", "Jennifer", "David", "Emily", "Robert", "Laura"], False),
    "FR": (["Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefèvre", "Girard", "Fontaine"],
           ["Pierre", "Sophie", "Julien", "Claire", "Nicolas", "Camille", "Antoine"], False),
    "DE": (["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"],
           ["Thomas", "Anna", "Stefan", "Katrin", "Michael", "Julia", "Andreas", "Sabine"], False),
    "AU": (["Smith", "Wilson", "Taylor", "Brown", "Campbell", "Mitchell"],
           ["Jack", "Olivia", "Liam", "Charlotte", "Matthew", "Emma"], False),
    "NL": (["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit"],
           ["Jan", "Sanne", "Pieter", "Lotte", "Bram", "Eva"], False),
    "TH": (["Saetang", "Srisuk", "Chaiyaporn", "Wongsawat", "Boonmee", "Thongdee"],
           ["Somchai", "Suda", "Anan", "Kanya", "Prasert", "Nanthana"], False),
    "SG": (["Tan", "Lim", "Lee", "Ng", "Goh", "Chua"],
           ["Wei Ming", "Hui Ling", "Jun Jie", "Mei Ling", "Kok Leong", "Siew Hoon"], True),
    "LA": (["Phommachanh", "Sisavath", "Vongsay", "Keomany", "Inthavong", "Chanthavong"],
           ["Somphone", "Khamla", "Bounmy", "Vilayvanh", "Souksavanh", "Phonexay"], False),
    "KH": (["Sok", "Chea", "Heng", "Chan", "Meas", "Keo"],
           ["Sophea", "Dara", "Bopha", "Vuthy", "Sreymom", "Rithy"], True),
    "CN": (["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang"],
           ["Wei", "Fang", "Jun", "Min", "Lei", "Jing", "Hao", "Yan"], True),
    "TW": (["Chen", "Lin", "Huang", "Chang", "Wu", "Tsai"],
           ["Chih-ming", "Yi-ting", "Chun-hung", "Shu-fen", "Wen-chieh", "Mei-hua"], True),
    "HU": (["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"],
           ["László", "Zsuzsanna", "Péter", "Katalin", "Gábor", "Eszter"], True),
    "BG": ([""], ["Georgi Ivanov", "Maria Petrova", "Dimitar Stoyanov", "Elena Georgieva",
                  "Ivan Dimitrov", "Petya Nikolova"], False),
    "NZ": (["Thompson", "Walker", "Clarke", "Robinson", "Harris", "Young"],
           ["Sam", "Hannah", "Ben", "Grace", "Tom", "Ruby"], False),
    "GB": (["Evans", "Davies", "Wright", "Hall", "Green", "Wood"],
           ["Oliver", "Amelia", "Harry", "Sophie", "George", "Lucy"], False),
    "CA": (["Tremblay", "Roy", "MacDonald", "Gagnon", "Stewart", "Côté"],
           ["Ryan", "Chloe", "Ethan", "Megan", "Nathan", "Julie"], False),
    "BE": (["Peeters", "Janssens", "Maes", "Lambert", "Claes", "Wouters"],
           ["Lucas", "Marie", "Thomas", "Elise", "Louise", "Pieter"], False),
    "IN": (["Sharma", "Patel", "Kumar", "Iyer", "Reddy", "Gupta"],
           ["Rajesh", "Priya", "Anil", "Sunita", "Vikram", "Kavita"], False),
}  # fmt: skip

# Demo partners for the generated delegations: (name, country, kind, Vietnamese name,
# abbreviation, visibility). Public bodies under their real names; the enterprises,
# universities and NGOs are invented.
M, G, E, U, N, P = (
    PartnerKind.DIPLOMATIC_MISSION,
    PartnerKind.GOVERNMENT,
    PartnerKind.ENTERPRISE,
    PartnerKind.UNIVERSITY,
    PartnerKind.NGO,
    PartnerKind.PRESS,
)
HCMC = "Ho Chi Minh City"
GENERATED_PARTNERS = [
    (f"Consulate General of Japan in {HCMC}", "JP", M, "Tổng Lãnh sự quán Nhật Bản tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of the Republic of Korea in {HCMC}", "KR", M, "Tổng Lãnh sự quán Hàn Quốc tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of the United States in {HCMC}", "US", M, "Tổng Lãnh sự quán Hoa Kỳ tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of France in {HCMC}", "FR", M, "Tổng Lãnh sự quán Pháp tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of Australia in {HCMC}", "AU", M, "Tổng Lãnh sự quán Australia tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of the Netherlands in {HCMC}", "NL", M, "Tổng Lãnh sự quán Hà Lan tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Royal Thai Consulate-General in {HCMC}", "TH", M, "Tổng Lãnh sự quán Thái Lan tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of Singapore in {HCMC}", "SG", M, "Tổng Lãnh sự quán Singapore tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of the Lao PDR in {HCMC}", "LA", M, "Tổng Lãnh sự quán Lào tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of Cambodia in {HCMC}", "KH", M, "Tổng Lãnh sự quán Campuchia tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of China in {HCMC}", "CN", M, "Tổng Lãnh sự quán Trung Quốc tại TP. Hồ Chí Minh", "", PUBLIC),
    (f"Consulate General of Hungary in {HCMC}", "HU", M, "Tổng Lãnh sự quán Hungary tại TP. Hồ Chí Minh", "", PUBLIC),
    ("Embassy of Bulgaria in Viet Nam", "BG", M, "Đại sứ quán Bulgaria tại Việt Nam", "", PUBLIC),
    ("Embassy of Belgium in Viet Nam", "BE", M, "Đại sứ quán Bỉ tại Việt Nam", "", PUBLIC),
    ("Japan External Trade Organization", "JP", G, "Tổ chức Xúc tiến Thương mại Nhật Bản", "JETRO", PUBLIC),
    ("Japan International Cooperation Agency", "JP", G, "Cơ quan Hợp tác Quốc tế Nhật Bản", "JICA", PUBLIC),
    ("Korea Trade-Investment Promotion Agency", "KR", G, "Cơ quan Xúc tiến Thương mại – Đầu tư Hàn Quốc", "KOTRA", PUBLIC),
    ("Korea International Cooperation Agency", "KR", G, "Cơ quan Hợp tác Quốc tế Hàn Quốc", "KOICA", PUBLIC),
    ("Sakura Food Processing Co., Ltd.", "JP", E, "", "", PUBLIC),
    ("Hanbit Logistics Co., Ltd.", "KR", E, "", "", PUBLIC),
    ("Pacific Aquafeed Inc.", "US", E, "", "", PUBLIC),
    ("Delta Agri Trading B.V.", "NL", E, "", "", PUBLIC),
    ("Chao Phraya Rice Machinery Co., Ltd.", "TH", E, "", "", INTERNAL),
    ("Merlion Cold Chain Pte. Ltd.", "SG", E, "", "", PUBLIC),
    ("Jade Mountain Precision Parts Co., Ltd.", "TW", E, "", "", INTERNAL),
    ("Kyushu Institute of Agricultural Sciences", "JP", U, "", "", PUBLIC),
    ("Honam Agricultural University", "KR", U, "", "", PUBLIC),
    ("Southern Coast University of Technology", "AU", U, "", "", PUBLIC),
    ("Institut supérieur d'agronomie du Val de Loire", "FR", U, "", "", PUBLIC),
    ("Mekong Clean Water Foundation", "US", N, "Quỹ Nước sạch Mê Kông", "", PUBLIC),
    ("Children of the Delta Fund", "AU", N, "Quỹ Trẻ em Đồng bằng", "", PUBLIC),
    ("Green Delta Partnership", "DE", N, "", "", PUBLIC),
    ("Kyodo News", "JP", P, "Hãng thông tấn Kyodo", "", PUBLIC),
    ("Yonhap News Agency", "KR", P, "Hãng thông tấn Yonhap", "", PUBLIC),
    ("Lao News Agency", "LA", P, "Hãng thông tấn Lào", "KPL", PUBLIC),
]  # fmt: skip


def _demo_partner(key):
    """(name, country) of a partner that partners.demo creates."""
    name, country, *_rest = PARTNER_DEMO[key]
    return name, country


GERMANY_CG = _demo_partner("germany_cg")
TWIN_CITIES = {
    PARTNER_DEMO[key][1]: _demo_partner(key)
    for key in ("riverside", "kaposvar", "okayama", "jeollanam")
}
# The public bodies among the partners: trade promotion, or development cooperation.
TRADE_AGENCIES = {"Japan External Trade Organization", "Korea Trade-Investment Promotion Agency"}
TRADE_BODY, AID_BODY = "trade body", "aid body"
# Which partners a generated delegation of a kind may be linked to. Official and cultural
# visits are often arranged through the country's mission; NGO projects are often co-funded
# by the development agencies.
PARTNER_KINDS_FOR = {
    Kind.DIPLOMATIC: [M],
    Kind.GOVERNMENT: [PartnerKind.LOCALITY, AID_BODY, M],
    Kind.BUSINESS: [E, TRADE_BODY],
    Kind.ACADEMIC: [U],
    Kind.NGO: [N, AID_BODY],
    Kind.CULTURAL: [M],
    Kind.OTHER: [M],
    Kind.PRESS: [P],
}


def _partner_pool():
    """{(country, partner kind): [(name, country), ...]} of every partner a generated
    delegation may be linked to."""
    pool = {}
    rows = [(name, country, kind) for name, country, kind, *_rest in GENERATED_PARTNERS]
    rows.append((*GERMANY_CG, M))
    rows += [(*partner, PartnerKind.LOCALITY) for partner in TWIN_CITIES.values()]
    for name, country, kind in rows:
        if kind == G:
            kind = TRADE_BODY if name in TRADE_AGENCIES else AID_BODY
        pool.setdefault((country, kind), []).append((name, country))
    return pool


PARTNER_POOL = _partner_pool()

# ---------------------------------------------------------------------------------------
# The real delegations, from the seeds.

COVID_PURPOSE = (
    "Trao tặng trang thiết bị, phương tiện y tế hỗ trợ thành phố phòng, chống dịch "
    "COVID-19, theo đề nghị của thành phố với các địa phương kết nghĩa. Do dịch bệnh, lễ "
    "trao tặng được tổ chức trực tuyến, kết hợp với đại diện của đối tác tại Việt Nam."
)
COVID_PURPOSE_EN = (
    "Handover of medical equipment to help the city fight COVID-19, at the city's request "
    "to its twin cities. Because of the pandemic, the handover was held online, with the "
    "partner's representatives in Viet Nam."
)
COVID_OUTCOME = (
    "Thành phố tiếp nhận trang thiết bị phục vụ công tác phòng, chống dịch. Cùng với các "
    "địa phương kết nghĩa Riverside, Kaposvár, Okayama và Jeollanam-do, tổng trị giá hỗ "
    "trợ gần 1,7 tỷ đồng (khoảng 75.000 USD)."
)
COVID_OUTCOME_EN = (
    "The city received the equipment for its COVID-19 response. Together, the twin cities "
    "Riverside, Kaposvár, Okayama and Jeollanam-do gave nearly 1.7 billion VND (about "
    "USD 75,000)."
)
AID_PURPOSE = (
    "Trao vật tư y tế, thuốc, hóa chất, nhu yếu phẩm và tiền mặt do thành phố vận động, "
    "hỗ trợ {vi} phòng, chống dịch COVID-19."
)
AID_PURPOSE_EN = (
    "To hand over medical supplies, medicines, chemicals, necessities and cash that the city "
    "raised to help {en} fight COVID-19."
)
AID_OUTCOME = (
    "Hoàn thành trao tặng. Tổng trị giá hỗ trợ của thành phố cho Vương quốc Campuchia và "
    "nước Cộng hòa Dân chủ Nhân dân Lào khoảng 2 tỷ đồng."
)
AID_OUTCOME_EN = (
    "Handed over. The city's support to the Kingdom of Cambodia and the Lao People's "
    "Democratic Republic was worth about 2 billion VND in total."
)


def _covid_handover(key, date):
    name, country, _kind, _original, name_vi, *_rest = PARTNER_DEMO[key]
    country_vi, country_en, _weight = COUNTRIES[country]
    return {
        "direction": IN,
        "kind": Kind.GOVERNMENT,
        "title": f"{name_vi} ({country_vi}) trao tặng trang thiết bị y tế phòng, chống COVID-19",
        "title_en": f"{name} ({country_en.removeprefix('the ')}) hands over medical equipment "
        "against COVID-19",
        "purpose": COVID_PURPOSE,
        "purpose_en": COVID_PURPOSE_EN,
        "head_title": f"Đại diện {name_vi[0].lower()}{name_vi[1:]}",
        "head_rank": Rank.OTHER,
        "member_count": 2,
        "countries": [country],
        "partners": [(name, country)],
        "sectors": ["health"],
        "start_date": date,
        "host_unit": FOREIGN_AFFAIRS,
        "city_leader": CHAIRMAN,
        "outcome": COVID_OUTCOME,
        "outcome_en": COVID_OUTCOME_EN,
    }


def _covid_aid(country, name_vi, name_en, date):
    return {
        "direction": OUT,
        "kind": Kind.GOVERNMENT,
        "title": f"Đoàn công tác thành phố Cần Thơ trao tặng vật tư y tế hỗ trợ {name_vi} "
        "phòng, chống COVID-19",
        "title_en": f"Can Tho City delegation hands over medical supplies to {name_en} "
        "against COVID-19",
        "purpose": AID_PURPOSE.format(vi=name_vi),
        "purpose_en": AID_PURPOSE_EN.format(en=name_en),
        "head_title": "Lãnh đạo Sở Ngoại vụ thành phố Cần Thơ",
        "head_rank": Rank.DIRECTOR,
        "member_count": 5,
        "countries": [country],
        "sectors": ["health"],
        "start_date": date,
        "end_date": date + datetime.timedelta(days=1),
        "host_unit": FOREIGN_AFFAIRS,
        "outcome": AID_OUTCOME,
        "outcome_en": AID_OUTCOME_EN,
    }


SEED_DELEGATIONS = [
    {
        "direction": IN,
        "kind": Kind.DIPLOMATIC,
        "title": "Tổng Lãnh sự Đức tại TP. Hồ Chí Minh thăm và làm việc với lãnh đạo thành "
        "phố Cần Thơ",
        "title_en": "Consul General of Germany in Ho Chi Minh City received by the Can Tho "
        "City leaders",
        "purpose": "Chào xã giao lãnh đạo thành phố; trao đổi về duy trì và phát triển quan hệ "
        "hữu nghị, hợp tác giữa thành phố Cần Thơ và các đối tác của Cộng hòa Liên bang Đức.",
        "purpose_en": "Courtesy call on the city leaders; talks on maintaining and developing "
        "friendship and cooperation between Can Tho and partners in the Federal Republic of "
        "Germany.",
        "head_title": "Tổng Lãnh sự Đức tại TP. Hồ Chí Minh",
        "head_rank": Rank.AMBASSADOR,
        "member_count": 3,
        "countries": ["DE"],
        "partners": [GERMANY_CG],
        "sectors": ["trade", "investment", "culture"],
        "start_date": datetime.date(2025, 9, 16),
        "host_unit": FOREIGN_AFFAIRS,
        "city_leader": "Lãnh đạo UBND thành phố Cần Thơ",
        "outcome": "Lãnh đạo thành phố thông tin về kết quả đối ngoại giai đoạn 2020–2025 và "
        "mong muốn tiếp tục phối hợp chặt chẽ với các cơ quan đại diện nước ngoài tại Việt "
        "Nam, thúc đẩy xúc tiến đầu tư – thương mại và giao lưu văn hóa.",
        "outcome_en": "The city leaders presented the results of the city's foreign affairs "
        "in 2020–2025 and asked for continued close work with foreign missions in Viet Nam "
        "to promote investment, trade and cultural exchange.",
    },
    *(_covid_handover(key, date) for key, date in COVID_SUPPORT_DATES),
    _covid_aid("KH", "Vương quốc Campuchia", "the Kingdom of Cambodia", datetime.date(2021, 5, 27)),
    _covid_aid(
        "LA",
        "nước Cộng hòa Dân chủ Nhân dân Lào",
        "the Lao People's Democratic Republic",
        datetime.date(2021, 6, 10),
    ),
]

# ---------------------------------------------------------------------------------------
# Templates of the generated delegations.


def _t(title, title_en, purpose, purpose_en, units, sectors):
    return {
        "title": title,
        "title_en": title_en,
        "purpose": purpose,
        "purpose_en": purpose_en,
        "units": units,
        "sectors": sectors,
    }


INBOUND_TEMPLATES = {
    Kind.BUSINESS: [
        _t(
            "Đoàn doanh nghiệp {vi} tìm hiểu cơ hội đầu tư tại Cần Thơ",
            "Business delegation from {en} explores investment opportunities in Can Tho",
            "Tìm hiểu môi trường đầu tư, các khu công nghiệp và chính sách ưu đãi đầu tư của "
            "thành phố.",
            "To learn about the city's investment climate, industrial parks and incentives.",
            [PLANNING, PROMOTION, FOREIGN_AFFAIRS],
            ["investment", "trade", "logistics"],
        ),
        _t(
            "Đoàn doanh nghiệp {vi} khảo sát thị trường nông sản, thủy sản",
            "Business delegation from {en} surveys the farm and seafood market",
            "Khảo sát vùng nguyên liệu, tìm kiếm đối tác cung ứng gạo, trái cây và thủy sản.",
            "To visit growing areas and look for suppliers of rice, fruit and seafood.",
            [TRADE, AGRICULTURE, PROMOTION],
            ["agriculture", "fisheries", "trade"],
        ),
        _t(
            "Đoàn doanh nghiệp {vi} làm việc về hợp tác logistics và chuỗi cung ứng",
            "Business delegation from {en} discusses logistics and supply chains",
            "Trao đổi về kho lạnh, vận tải đường thủy và kết nối chuỗi cung ứng vùng đồng "
            "bằng sông Cửu Long.",
            "To discuss cold storage, inland waterway transport and supply chains in the "
            "Mekong Delta.",
            [TRADE, PROMOTION],
            ["logistics", "transport", "trade"],
        ),
        _t(
            "Đoàn doanh nghiệp {vi} tìm hiểu hợp tác về năng lượng tái tạo",
            "Business delegation from {en} looks into renewable-energy cooperation",
            "Giới thiệu giải pháp điện mặt trời áp mái, điện sinh khối và tìm hiểu quy hoạch "
            "năng lượng của thành phố.",
            "To present rooftop solar and biomass solutions and learn about the city's energy "
            "planning.",
            [TRADE, PLANNING],
            ["energy", "investment", "environment"],
        ),
        _t(
            "Đoàn doanh nghiệp {vi} tham dự hội nghị xúc tiến đầu tư thành phố Cần Thơ",
            "Business delegation from {en} attends the Can Tho investment promotion conference",
            "Tham dự hội nghị, gặp gỡ các sở, ngành và doanh nghiệp địa phương.",
            "To attend the conference and meet city departments and local companies.",
            [PROMOTION, PLANNING],
            ["investment", "trade"],
        ),
        _t(
            "Đoàn doanh nghiệp {vi} kết nối giao thương với doanh nghiệp Cần Thơ",
            "Business delegation from {en} meets Can Tho companies for trade matchmaking",
            "Kết nối cung – cầu, tìm kiếm nhà phân phối và đối tác xuất nhập khẩu.",
            "Supply-and-demand matchmaking: finding distributors and import-export partners.",
            [PROMOTION, TRADE],
            ["trade", "agriculture"],
        ),
    ],
    Kind.GOVERNMENT: [
        _t(
            "Đoàn đại biểu chính quyền địa phương {vi} thăm và làm việc tại Cần Thơ",
            "Local government delegation from {en} visits Can Tho",
            "Thăm hữu nghị, trao đổi về thiết lập và mở rộng quan hệ hợp tác giữa hai địa phương.",
            "Friendship visit; talks on establishing and expanding cooperation between the "
            "two localities.",
            [LEADERSHIP, FOREIGN_AFFAIRS],
            ["smart-governance", "trade", "education"],
        ),
        _t(
            "Đoàn công tác {vi} trao đổi kinh nghiệm quản lý đô thị",
            "Official delegation from {en} shares experience in urban management",
            "Trao đổi kinh nghiệm quy hoạch, quản lý đô thị và chống ngập.",
            "Experience sharing on urban planning and management and flood control.",
            [FOREIGN_AFFAIRS, ENVIRONMENT],
            ["urban-infrastructure", "climate-change", "smart-governance"],
        ),
        _t(
            "Đoàn công tác {vi} làm việc về thích ứng biến đổi khí hậu",
            "Official delegation from {en} discusses climate change adaptation",
            "Tìm hiểu các dự án chống chịu, quản lý tài nguyên nước và đề xuất hợp tác kỹ thuật.",
            "To see resilience and water-management projects and propose technical cooperation.",
            [ENVIRONMENT, FOREIGN_AFFAIRS],
            ["climate-change", "environment"],
        ),
        _t(
            "Đoàn công tác {vi} làm việc về hợp tác nông nghiệp công nghệ cao",
            "Official delegation from {en} discusses high-tech agriculture",
            "Trao đổi về chuyển giao công nghệ, giống cây trồng và đào tạo nông dân.",
            "Talks on technology transfer, plant varieties and farmer training.",
            [AGRICULTURE, FOREIGN_AFFAIRS],
            ["agriculture", "biotechnology", "science-technology"],
        ),
        _t(
            "Đoàn công tác {vi} làm việc về hợp tác y tế",
            "Official delegation from {en} discusses health cooperation",
            "Trao đổi về đào tạo nhân lực y tế và hỗ trợ trang thiết bị cho các bệnh viện.",
            "Talks on training health workers and on equipment for hospitals.",
            [HEALTH, FOREIGN_AFFAIRS],
            ["health", "education"],
        ),
    ],
    Kind.ACADEMIC: [
        _t(
            "Đoàn trường đại học {vi} làm việc với Trường Đại học Cần Thơ",
            "University delegation from {en} visits Can Tho University",
            "Trao đổi về hợp tác đào tạo, trao đổi giảng viên, sinh viên và nghiên cứu chung.",
            "Talks on joint training, staff and student exchange and joint research.",
            [CTU],
            ["education", "science-technology"],
        ),
        _t(
            "Đoàn chuyên gia {vi} trao đổi về nghiên cứu lúa gạo và vùng đồng bằng",
            "Experts from {en} discuss rice and delta research",
            "Trao đổi kết quả nghiên cứu, đề xuất dự án chung về giống lúa chịu mặn.",
            "To share research results and propose a joint project on salt-tolerant rice.",
            [CTU, SCIENCE],
            ["agriculture", "biotechnology", "climate-change"],
        ),
        _t(
            "Đoàn trường đại học {vi} làm việc với Trường Đại học Y Dược Cần Thơ",
            "University delegation from {en} visits Can Tho University of Medicine and Pharmacy",
            "Trao đổi về đào tạo sau đại học, thực hành lâm sàng và nghiên cứu y sinh.",
            "Talks on postgraduate training, clinical practice and biomedical research.",
            [CTUMP],
            ["health", "education"],
        ),
        _t(
            "Đoàn giảng viên, sinh viên {vi} giao lưu, trao đổi học thuật",
            "Lecturers and students from {en} on an academic exchange",
            "Giao lưu học thuật, tìm hiểu văn hóa và thực tế sản xuất tại địa phương.",
            "Academic exchange, with visits to learn about local culture and farming.",
            [CTU, EDUCATION],
            ["education", "culture"],
        ),
        _t(
            "Đoàn {vi} giới thiệu chương trình học bổng và du học",
            "Delegation from {en} presents scholarships and study-abroad programmes",
            "Giới thiệu học bổng, chương trình du học cho học sinh, sinh viên thành phố.",
            "To present scholarships and study-abroad programmes to the city's students.",
            [EDUCATION, FOREIGN_AFFAIRS],
            ["education"],
        ),
    ],
    Kind.NGO: [
        _t(
            "Tổ chức phi chính phủ {vi} khảo sát dự án hỗ trợ y tế cộng đồng",
            "NGO from {en} surveys a community health project",
            "Khảo sát nhu cầu, thống nhất địa bàn triển khai dự án chăm sóc sức khỏe ban đầu.",
            "To assess needs and agree where to run a primary health care project.",
            [HEALTH, FOREIGN_AFFAIRS],
            ["health"],
        ),
        _t(
            "Tổ chức phi chính phủ {vi} làm việc về dự án nước sạch nông thôn",
            "NGO from {en} discusses a rural clean-water project",
            "Trao đổi về dự án cấp nước sạch và vệ sinh môi trường cho các xã vùng sâu.",
            "Talks on a clean-water and sanitation project for remote communes.",
            [PHONG_DIEN, FOREIGN_AFFAIRS, ENVIRONMENT],
            ["environment", "health"],
        ),
        _t(
            "Tổ chức phi chính phủ {vi} trao học bổng cho học sinh có hoàn cảnh khó khăn",
            "NGO from {en} awards scholarships to pupils in need",
            "Trao học bổng và đồ dùng học tập cho học sinh có hoàn cảnh khó khăn.",
            "To award scholarships and school supplies to pupils in need.",
            [EDUCATION, NINH_KIEU, CAI_RANG],
            ["education"],
        ),
        _t(
            "Tổ chức phi chính phủ {vi} làm việc về dự án sinh kế thích ứng biến đổi khí hậu",
            "NGO from {en} discusses a climate-resilient livelihoods project",
            "Trao đổi về mô hình sinh kế bền vững cho nông hộ trước tác động của biến đổi khí hậu.",
            "Talks on sustainable livelihoods for farming households facing climate change.",
            [AGRICULTURE, PHONG_DIEN, FOREIGN_AFFAIRS],
            ["climate-change", "agriculture"],
        ),
    ],
    Kind.CULTURAL: [
        _t(
            "Đoàn nghệ thuật {vi} biểu diễn giao lưu văn hóa tại Cần Thơ",
            "Art troupe from {en} performs at a cultural exchange in Can Tho",
            "Biểu diễn giao lưu văn hóa, nghệ thuật phục vụ người dân thành phố.",
            "Cultural exchange performances for the people of the city.",
            [CULTURE, NINH_KIEU],
            ["culture"],
        ),
        _t(
            "Đoàn {vi} tổ chức tuần lễ văn hóa, ẩm thực tại Cần Thơ",
            "Delegation from {en} holds a culture and food week in Can Tho",
            "Giới thiệu văn hóa, ẩm thực và điểm đến du lịch tới người dân thành phố.",
            "To introduce its culture, food and destinations to the people of the city.",
            [CULTURE, FOREIGN_AFFAIRS],
            ["culture", "tourism"],
        ),
        _t(
            "Đoàn {vi} khảo sát, phát triển sản phẩm du lịch sông nước",
            "Delegation from {en} studies river-tourism products",
            "Khảo sát chợ nổi, làng nghề, vườn trái cây để xây dựng tour du lịch.",
            "To visit the floating market, craft villages and orchards for new tours.",
            [CULTURE, CAI_RANG],
            ["tourism"],
        ),
    ],
    Kind.PRESS: [
        _t(
            "Đoàn phóng viên {vi} tác nghiệp tại Cần Thơ",
            "Journalists from {en} report from Can Tho",
            "Tác nghiệp theo chương trình đã đăng ký với Bộ Ngoại giao.",
            "Reporting under the programme registered with the Ministry of Foreign Affairs.",
            [FOREIGN_AFFAIRS],
            [],
        ),
        _t(
            "Đoàn báo chí {vi} tìm hiểu chợ nổi Cái Răng và du lịch sông nước",
            "Press delegation from {en} covers Cai Rang floating market and river tourism",
            "Tìm hiểu, giới thiệu điểm đến du lịch sông nước của thành phố.",
            "To cover the city's river tourism.",
            [FOREIGN_AFFAIRS],
            ["tourism", "culture"],
        ),
        _t(
            "Đoàn phóng viên {vi} tìm hiểu thích ứng biến đổi khí hậu ở đồng bằng sông Cửu Long",
            "Journalists from {en} cover climate change adaptation in the Mekong Delta",
            "Tìm hiểu các mô hình thích ứng biến đổi khí hậu và chống sạt lở.",
            "To cover climate adaptation and river-bank protection.",
            [FOREIGN_AFFAIRS],
            ["climate-change", "agriculture"],
        ),
        _t(
            "Đoàn báo chí {vi} tìm hiểu môi trường đầu tư của thành phố",
            "Press delegation from {en} covers the city's investment climate",
            "Phỏng vấn lãnh đạo các sở, ngành về thu hút đầu tư nước ngoài.",
            "To interview city departments about foreign investment.",
            [FOREIGN_AFFAIRS],
            ["investment"],
        ),
    ],
    Kind.OTHER: [
        _t(
            "Đoàn {vi} thăm và làm việc tại Cần Thơ",
            "Delegation from {en} visits Can Tho",
            "Thăm, tìm hiểu tình hình kinh tế – xã hội của thành phố.",
            "To learn about the city's economy and society.",
            [FOREIGN_AFFAIRS],
            [],
        ),
        _t(
            "Đoàn Hội hữu nghị {vi} – Việt Nam thăm Cần Thơ",
            "Friendship association delegation from {en} visits Can Tho",
            "Thăm hữu nghị, trao đổi về giao lưu nhân dân.",
            "Friendship visit; talks on people-to-people exchanges.",
            [FOREIGN_AFFAIRS, LEADERSHIP],
            ["culture"],
        ),
    ],
}

CONSULAR_TEMPLATES = [
    _t(
        "Tổng Lãnh sự {vi} tại TP. Hồ Chí Minh chào xã giao lãnh đạo thành phố",
        "Consul General of {en} in Ho Chi Minh City pays a courtesy call on the city leaders",
        "Chào xã giao nhân dịp nhận nhiệm kỳ, trao đổi về thúc đẩy quan hệ hợp tác.",
        "Courtesy call at the start of the term; talks on furthering cooperation.",
        [LEADERSHIP, FOREIGN_AFFAIRS],
        ["trade", "investment", "culture"],
    ),
    _t(
        "Tổng Lãnh sự {vi} tại TP. Hồ Chí Minh làm việc về hợp tác thương mại, đầu tư",
        "Consul General of {en} in Ho Chi Minh City discusses trade and investment",
        "Trao đổi về thúc đẩy thương mại, đầu tư và kết nối doanh nghiệp hai bên.",
        "Talks on trade, investment and connecting companies of both sides.",
        [FOREIGN_AFFAIRS, PLANNING],
        ["trade", "investment"],
    ),
    _t(
        "Tổng Lãnh sự quán {vi} tại TP. Hồ Chí Minh làm việc về công tác lãnh sự",
        "Consulate General of {en} in Ho Chi Minh City discusses consular matters",
        "Trao đổi về công tác lãnh sự, bảo hộ công dân và hỗ trợ người nước ngoài tại địa phương.",
        "Talks on consular work, protection of citizens and help for foreigners in the city.",
        [FOREIGN_AFFAIRS],
        [],
    ),
    _t(
        "Tổng Lãnh sự {vi} tại TP. Hồ Chí Minh thăm và làm việc tại Cần Thơ",
        "Consul General of {en} in Ho Chi Minh City visits Can Tho",
        "Thăm, làm việc và tìm hiểu nhu cầu hợp tác giáo dục, du lịch.",
        "Working visit; needs for cooperation in education and tourism.",
        [FOREIGN_AFFAIRS],
        ["education", "tourism"],
    ),
]
EMBASSY_TEMPLATES = [
    _t(
        "Đại sứ {vi} tại Việt Nam thăm và làm việc tại Cần Thơ",
        "Ambassador of {en} to Viet Nam visits Can Tho",
        "Thăm, làm việc với lãnh đạo thành phố, trao đổi về hợp tác kinh tế, giáo dục, văn hóa.",
        "Working visit to the city leaders; talks on economic, educational and cultural "
        "cooperation.",
        [LEADERSHIP, FOREIGN_AFFAIRS],
        ["trade", "education", "culture"],
    ),
    _t(
        "Đại sứ {vi} tại Việt Nam làm việc về hợp tác phát triển",
        "Ambassador of {en} to Viet Nam discusses development cooperation",
        "Trao đổi về các chương trình, dự án hợp tác phát triển tại thành phố.",
        "Talks on development cooperation programmes and projects in the city.",
        [LEADERSHIP, FOREIGN_AFFAIRS, PLANNING],
        ["climate-change", "health", "investment"],
    ),
]
CONSUL_GENERAL = "Tổng Lãnh sự {vi} tại TP. Hồ Chí Minh"
AMBASSADOR = "Đại sứ {vi} tại Việt Nam"

# Heads of inbound delegations by kind: (position, rank, weight). Diplomatic heads: above.
HEADS = {
    Kind.BUSINESS: [
        ("Giám đốc điều hành", Rank.DIRECTOR, 5),
        ("Tổng Giám đốc", Rank.DIRECTOR, 4),
        ("Chủ tịch Hội đồng quản trị", Rank.DIRECTOR, 2),
        ("Giám đốc phát triển kinh doanh khu vực châu Á", Rank.DIRECTOR, 2),
        ("Chủ tịch Hiệp hội doanh nghiệp", Rank.OTHER, 2),
        ("Trưởng đại diện tại Việt Nam", Rank.OTHER, 3),
    ],
    Kind.GOVERNMENT: [
        ("Phó Thống đốc", Rank.GOVERNOR, 5),
        ("Phó Thị trưởng", Rank.GOVERNOR, 5),
        ("Thị trưởng", Rank.GOVERNOR, 2),
        ("Chủ tịch Hội đồng tỉnh", Rank.GOVERNOR, 1),
        ("Thứ trưởng", Rank.VICE_MINISTER, 2),
        ("Vụ trưởng", Rank.DIRECTOR, 4),
        ("Giám đốc Sở", Rank.DIRECTOR, 5),
        ("Bộ trưởng", Rank.MINISTER, 0.4),
    ],
    Kind.ACADEMIC: [
        ("Hiệu trưởng", Rank.DIRECTOR, 3),
        ("Phó Hiệu trưởng", Rank.DIRECTOR, 4),
        ("Viện trưởng", Rank.DIRECTOR, 2),
        ("Giáo sư, Trưởng khoa", Rank.OTHER, 3),
        ("Trưởng nhóm nghiên cứu", Rank.OTHER, 2),
    ],
    Kind.NGO: [
        ("Giám đốc quốc gia", Rank.DIRECTOR, 4),
        ("Giám đốc chương trình", Rank.DIRECTOR, 3),
        ("Điều phối viên dự án", Rank.OTHER, 3),
        ("Trưởng đại diện", Rank.OTHER, 2),
    ],
    Kind.CULTURAL: [
        ("Trưởng đoàn nghệ thuật", Rank.OTHER, 4),
        ("Giám đốc nhà hát", Rank.DIRECTOR, 2),
        ("Chủ tịch Hội hữu nghị", Rank.OTHER, 2),
        ("Giám đốc Trung tâm Văn hóa", Rank.DIRECTOR, 2),
    ],
    Kind.PRESS: [
        ("Trưởng đoàn phóng viên", Rank.OTHER, 4),
        ("Trưởng văn phòng thường trú tại Việt Nam", Rank.OTHER, 3),
        ("Tổng Biên tập", Rank.DIRECTOR, 1),
        ("Phóng viên", Rank.OTHER, 3),
    ],
    Kind.OTHER: [
        ("Trưởng đoàn", Rank.OTHER, 4),
        ("Chủ tịch Hội hữu nghị", Rank.OTHER, 2),
        ("Giám đốc", Rank.DIRECTOR, 2),
    ],
}
MEMBER_TITLES = {
    Kind.BUSINESS: ["Phó Giám đốc", "Trưởng phòng kinh doanh", "Chuyên viên dự án", "Trợ lý"],
    Kind.ACADEMIC: ["Giáo sư", "Phó Giáo sư", "Giảng viên", "Nghiên cứu viên"],
    Kind.NGO: ["Điều phối viên dự án", "Chuyên viên chương trình", "Cán bộ tài chính"],
}
MEMBER_COUNTS = {
    Kind.DIPLOMATIC: (2, 6),
    Kind.GOVERNMENT: (4, 15),
    Kind.BUSINESS: (3, 20),
    Kind.ACADEMIC: (2, 12),
    Kind.NGO: (2, 8),
    Kind.CULTURAL: (6, 25),
    Kind.PRESS: (2, 8),
    Kind.OTHER: (2, 10),
}
# Two-country delegations only for these kinds (a joint business or research mission).
MULTI_COUNTRY_KINDS = {Kind.BUSINESS, Kind.ACADEMIC, Kind.NGO}
KIND_WEIGHTS = {
    Kind.BUSINESS: 34,
    Kind.GOVERNMENT: 20,
    Kind.DIPLOMATIC: 15,
    Kind.ACADEMIC: 12,
    Kind.NGO: 9,
    Kind.CULTURAL: 6,
    Kind.OTHER: 4,
}
# During COVID-19, mostly the diplomats in Viet Nam and the NGOs already there came.
COVID_KIND_WEIGHTS = {
    Kind.BUSINESS: 20,
    Kind.GOVERNMENT: 12,
    Kind.DIPLOMATIC: 34,
    Kind.ACADEMIC: 8,
    Kind.NGO: 16,
    Kind.CULTURAL: 3,
    Kind.OTHER: 7,
}

OUTCOMES = {
    Kind.BUSINESS: [
        (
            "Hai bên trao đổi thông tin về nhu cầu, tiềm năng hợp tác; thành phố tiếp tục "
            "kết nối doanh nghiệp với các đối tác địa phương.",
            "Both sides shared their needs and potential; the city will keep connecting the "
            "companies with local partners.",
        ),
        (
            "Doanh nghiệp sẽ tiếp tục khảo sát và cân nhắc đầu tư tại thành phố.",
            "The companies will study further and consider investing in the city.",
        ),
    ],
    Kind.GOVERNMENT: [
        (
            "Hai bên thống nhất tăng cường trao đổi đoàn và xây dựng kế hoạch hợp tác cụ thể.",
            "Both sides agreed to exchange more visits and draw up a concrete cooperation plan.",
        ),
        (
            "Hai bên thống nhất giao cơ quan đầu mối trao đổi, đề xuất nội dung hợp tác.",
            "Both sides named focal points to propose areas of cooperation.",
        ),
    ],
    Kind.DIPLOMATIC: [
        (
            "Lãnh đạo thành phố đề nghị cơ quan đại diện tiếp tục hỗ trợ kết nối doanh "
            "nghiệp, địa phương và cơ sở đào tạo hai nước.",
            "The city asked the mission to keep connecting companies, localities and schools "
            "of both countries.",
        ),
        (
            "Hai bên trao đổi về tình hình hợp tác và thống nhất duy trì liên lạc thường xuyên.",
            "Both sides reviewed their cooperation and agreed to keep in regular contact.",
        ),
    ],
    Kind.ACADEMIC: [
        (
            "Hai bên thống nhất xây dựng chương trình trao đổi sinh viên và nghiên cứu chung.",
            "Both sides agreed to set up a student exchange and joint research.",
        ),
        (
            "Hai bên ký thỏa thuận hợp tác học thuật.",
            "An academic cooperation agreement was signed.",
        ),
    ],
    Kind.NGO: [
        (
            "Tổ chức cam kết tiếp tục tài trợ, phối hợp với địa phương triển khai dự án.",
            "The organisation committed to keep funding the project with local partners.",
        ),
        (
            "Các bên thống nhất khảo sát bổ sung trước khi phê duyệt dự án.",
            "The parties agreed on a further survey before the project is approved.",
        ),
    ],
    Kind.CULTURAL: [
        (
            "Chương trình thu hút đông đảo người dân và du khách tham gia.",
            "The programme drew many residents and visitors.",
        ),
    ],
    Kind.PRESS: [
        (
            "Sở Ngoại vụ hướng dẫn, phối hợp với cơ quan chức năng hỗ trợ và quản lý hoạt động "
            "tác nghiệp theo đúng chương trình đã đăng ký.",
            "The Department of Foreign Affairs guided the reporters and, with the authorities "
            "concerned, supported and managed the reporting as registered.",
        ),
    ],
    Kind.OTHER: [
        (
            "Hai bên trao đổi về tăng cường giao lưu nhân dân.",
            "Both sides discussed more people-to-people exchanges.",
        ),
    ],
}
CANCELLED_COVID = ("Hủy do diễn biến dịch COVID-19.", "Cancelled because of COVID-19.")
CANCELLED_OTHER = (
    "Hủy theo đề nghị của đối tác do thay đổi kế hoạch.",
    "Cancelled at the partner's request: a change of plans.",
)

# Outbound: (template, possible heads (position, rank)) by kind.
OUTBOUND_TEMPLATES = {
    Kind.GOVERNMENT: [
        (
            _t(
                "Đoàn công tác thành phố Cần Thơ thăm và làm việc tại {vi}",
                "Can Tho City delegation visits {en}",
                "Làm việc với chính quyền địa phương đối tác, thúc đẩy triển khai các thỏa "
                "thuận đã ký.",
                "To meet partner local governments and take forward the agreements signed.",
                [LEADERSHIP, FOREIGN_AFFAIRS],
                ["smart-governance", "trade", "education"],
            ),
            [
                ("Phó Chủ tịch UBND thành phố Cần Thơ", Rank.GOVERNOR),
                ("Giám đốc Sở Ngoại vụ", Rank.DIRECTOR),
            ],
        ),
        (
            _t(
                "Đoàn thành phố Cần Thơ tham dự diễn đàn hợp tác địa phương tại {vi}",
                "Can Tho City delegation attends a local cooperation forum in {en}",
                "Tham dự diễn đàn, giới thiệu tiềm năng và tìm kiếm đối tác hợp tác.",
                "To attend the forum, present the city and find partners.",
                [FOREIGN_AFFAIRS],
                ["smart-governance", "investment"],
            ),
            [("Giám đốc Sở Ngoại vụ", Rank.DIRECTOR), ("Phó Giám đốc Sở Ngoại vụ", Rank.OTHER)],
        ),
        (
            _t(
                "Đoàn công tác thành phố Cần Thơ học tập kinh nghiệm quản lý đô thị, thích ứng "
                "biến đổi khí hậu tại {vi}",
                "Can Tho City study visit to {en} on urban management and climate adaptation",
                "Học tập kinh nghiệm quản lý đô thị, chống ngập và thích ứng biến đổi khí hậu.",
                "To learn about urban management, flood control and climate adaptation.",
                [ENVIRONMENT, FOREIGN_AFFAIRS],
                ["climate-change", "urban-infrastructure"],
            ),
            [
                ("Giám đốc Sở Tài nguyên và Môi trường", Rank.DIRECTOR),
                ("Phó Chủ tịch UBND thành phố Cần Thơ", Rank.GOVERNOR),
            ],
        ),
    ],
    Kind.BUSINESS: [
        (
            _t(
                "Đoàn xúc tiến thương mại, đầu tư thành phố Cần Thơ tại {vi}",
                "Can Tho trade and investment promotion mission to {en}",
                "Giới thiệu môi trường đầu tư, kêu gọi đầu tư vào các dự án trọng điểm của "
                "thành phố.",
                "To present the city's investment climate and its key projects to investors.",
                [PROMOTION, PLANNING],
                ["investment", "trade"],
            ),
            [
                ("Giám đốc Trung tâm Xúc tiến Thương mại và Đầu tư", Rank.DIRECTOR),
                ("Phó Chủ tịch UBND thành phố Cần Thơ", Rank.GOVERNOR),
            ],
        ),
        (
            _t(
                "Đoàn doanh nghiệp thành phố Cần Thơ tham dự hội chợ quốc tế tại {vi}",
                "Can Tho companies at an international trade fair in {en}",
                "Giới thiệu nông sản, thủy sản và sản phẩm OCOP của thành phố tại hội chợ.",
                "To show the city's farm, seafood and OCOP products at the fair.",
                [TRADE, PROMOTION],
                ["trade", "agriculture"],
            ),
            [
                ("Giám đốc Sở Công Thương", Rank.DIRECTOR),
                ("Phó Giám đốc Sở Công Thương", Rank.OTHER),
            ],
        ),
    ],
    Kind.ACADEMIC: [
        (
            _t(
                "Đoàn Trường Đại học Cần Thơ làm việc với các đối tác tại {vi}",
                "Can Tho University delegation meets partners in {en}",
                "Làm việc với các trường đối tác về đào tạo liên kết và nghiên cứu chung.",
                "To meet partner universities about joint programmes and research.",
                [CTU],
                ["education", "science-technology"],
            ),
            [("Phó Hiệu trưởng Trường Đại học Cần Thơ", Rank.DIRECTOR)],
        ),
    ],
    Kind.CULTURAL: [
        (
            _t(
                "Đoàn nghệ thuật thành phố Cần Thơ giao lưu văn hóa tại {vi}",
                "Can Tho art troupe on a cultural exchange in {en}",
                "Biểu diễn đờn ca tài tử, giới thiệu văn hóa và du lịch Cần Thơ.",
                "To perform đờn ca tài tử music and present Can Tho's culture and tourism.",
                [CULTURE],
                ["culture", "tourism"],
            ),
            [("Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch", Rank.OTHER)],
        ),
    ],
}
OUTBOUND_KIND_WEIGHTS = {
    Kind.GOVERNMENT: 45,
    Kind.BUSINESS: 30,
    Kind.ACADEMIC: 15,
    Kind.CULTURAL: 10,
}
OUTBOUND_OUTCOMES = [
    (
        "Đoàn đã làm việc với các đối tác theo chương trình; các bên thống nhất nội dung hợp "
        "tác tiếp theo.",
        "The delegation met its partners as planned; next steps were agreed.",
    ),
    (
        "Đoàn kết nối được một số đối tác mới; các sở, ngành tiếp tục theo dõi, triển khai.",
        "New partners were found; the departments will follow up.",
    ),
]

# ---------------------------------------------------------------------------------------
# How many, and when.

INBOUND_PER_YEAR = {2020: 180, 2021: 95, 2022: 310, 2023: 420, 2024: 480}
INBOUND_PER_YEAR[LAST_YEAR] = INBOUND_TOTAL - sum(INBOUND_PER_YEAR.values())
PRESS_PER_YEAR = {2020: 4, 2021: 1, 2022: 6, 2023: 9, 2024: 11}
PRESS_PER_YEAR[LAST_YEAR] = PRESS_TOTAL - sum(PRESS_PER_YEAR.values())
OUTBOUND_PER_YEAR = {2020: 5, 2021: 1, 2022: 11, 2023: 17, 2024: 20, 2025: 18, 2026: 16}
INBOUND_2026 = 455  # completed, up to DEMO_TODAY
UPCOMING = [IN] * 8 + [OUT] * 2
UPCOMING_UNTIL = datetime.date(2027, 2, 26)
# (year, first month, last month, direction)
CANCELLED = [
    (2020, 2, 4, IN), (2020, 2, 4, IN), (2020, 3, 4, IN), (2020, 3, 4, OUT),
    (2020, 7, 8, IN), (2021, 5, 8, IN), (2021, 5, 8, IN), (2021, 6, 8, OUT),
    (2022, 1, 6, IN), (2023, 1, 12, IN), (2023, 1, 12, OUT), (2024, 1, 12, IN),
    (2025, 1, 12, IN), (2026, 1, 10, IN), (2026, 12, 12, IN),
]  # fmt: skip
COVID_YEARS = {2020, 2021}

# Relative weight of each month (January first).
MONTHS = {
    2020: [30, 10, 6, 0, 1, 3, 8, 4, 8, 10, 12, 10],
    2021: [14, 6, 12, 12, 4, 2, 0.5, 0, 0.5, 2, 6, 8],
    2022: [4, 4, 6, 8, 9, 9, 9, 9, 10, 11, 11, 10],
}
NORMAL_MONTHS = [8, 5, 10, 9, 9, 8, 8, 8, 9, 10, 10, 9]
# Public holidays on fixed dates (Tết moves, and is left to the lighter weight of February).
HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)}
PUBLIC_SHARE = 0.6


def _check_figures():
    assert all(count >= 0 for count in INBOUND_PER_YEAR.values()), INBOUND_PER_YEAR
    assert sum(INBOUND_PER_YEAR.values()) == INBOUND_TOTAL
    assert sum(PRESS_PER_YEAR.values()) == PRESS_TOTAL


_check_figures()


def _counted_inbound(spec):
    return (
        spec["direction"] == IN
        and spec.get("status", Status.COMPLETED) != Status.CANCELLED
        and FIRST_YEAR <= spec["start_date"].year <= LAST_YEAR
    )


def _weighted(rng, weights):
    """One key of ``weights`` ({key: weight}), drawn by weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


@functools.cache
def _months_between(first, last):
    """The parts of months in [first, last] as ((start, end), ...), and their weights: the
    month's weight for its year times its number of days."""
    months = {}
    for year in range(first.year, last.year + 1):
        weights = MONTHS.get(year, NORMAL_MONTHS)
        for month in range(1, 13):
            start = datetime.date(year, month, 1)
            end = (start + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(1)
            start, end = max(start, first), min(end, last)
            if start <= end and weights[month - 1] > 0:
                months[(start, end)] = weights[month - 1] * ((end - start).days + 1)
    return tuple(months), tuple(months.values())


def _date_between(rng, first, last):
    """A date in [first, last], by the month weights of its year, mostly a working day."""
    months, weights = _months_between(first, last)
    start, end = rng.choices(months, weights=weights)[0]
    for _attempt in range(6):
        date = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        working_day = date.weekday() < 5 and (date.month, date.day) not in HOLIDAYS
        if working_day or rng.random() < 0.15:
            break
    return date


def _name(rng, country, exclude=()):
    families, given, family_first = NAMES[country]
    for _attempt in range(10):
        family, first = rng.choice(families), rng.choice(given)
        name = " ".join(
            part for part in ((family, first) if family_first else (first, family)) if part
        )
        if name not in exclude:
            break
    return name


def _countries(rng, kind, weights):
    first = _weighted(rng, weights)
    if kind in MULTI_COUNTRY_KINDS and rng.random() < 0.09:
        others = {code: weight for code, weight in weights.items() if code != first}
        return sorted([first, _weighted(rng, others)])
    return [first]


def _names(codes):
    """Vietnamese and English names of one or two countries, for titles."""
    vi = " và ".join(COUNTRIES[code][0] for code in codes)
    en = " and ".join(COUNTRIES[code][1] for code in codes)
    return vi, en


def _sectors(rng, pool):
    count = rng.choices([0, 1, 2], weights=[2, 5, 3])[0]
    return rng.sample(pool, min(count, len(pool)))


def _partners(rng, kind, codes, probability, consulate=None):
    """At most one partner of the first country that suits the kind. ``consulate``: for a
    diplomatic visit, whether its head is a consul general (else an ambassador)."""
    candidates = [
        partner
        for partner_kind in PARTNER_KINDS_FOR.get(kind, [])
        for partner in PARTNER_POOL.get((codes[0], partner_kind), [])
    ]
    if consulate is not None:
        candidates = [p for p in candidates if p[0].startswith("Embassy") != consulate]
    if candidates and rng.random() < probability:
        return [rng.choice(candidates)]
    return []


def _inbound(rng, kind, start_date, status):
    weights = {code: COUNTRIES[code][2] for code in COUNTRIES}
    if kind == Kind.PRESS:
        weights = PRESS_COUNTRIES
    elif kind in (Kind.DIPLOMATIC, Kind.GOVERNMENT):
        weights = {code: COUNTRIES[code][2] for code in OFFICIAL_COUNTRIES}
    codes = _countries(rng, kind, weights)
    vi, en = _names(codes)
    head_name, consulate = "", None
    if kind == Kind.DIPLOMATIC:
        consulate = codes[0] in CONSULATE_COUNTRIES and rng.random() < 0.75
        template = rng.choice(CONSULAR_TEMPLATES if consulate else EMBASSY_TEMPLATES)
        head_title = (CONSUL_GENERAL if consulate else AMBASSADOR).format(vi=vi)
        head_rank = Rank.AMBASSADOR
    else:
        template = rng.choice(INBOUND_TEMPLATES[kind])
        heads = HEADS[kind]
        head_title, head_rank, _weight = rng.choices(heads, weights=[h[2] for h in heads])[0]
        # People are named only in private roles; officials are given by position.
        if kind != Kind.GOVERNMENT and rng.random() < 0.7:
            head_name = _name(rng, codes[0])
    low, high = MEMBER_COUNTS[kind]
    partners = _partners(rng, kind, codes, 0.8, consulate)
    media_outlets = ""
    if kind == Kind.PRESS:
        outlets = rng.sample(MEDIA_OUTLETS[codes[0]], rng.randint(1, 2))
        outlets = list(dict.fromkeys([name for name, _country in partners] + outlets))
        media_outlets = "\n".join(outlets)
    unit = rng.choice(template["units"])
    high_level = head_rank in (Rank.AMBASSADOR, Rank.GOVERNOR, Rank.VICE_MINISTER, Rank.MINISTER)
    if high_level:
        city_leader = rng.choice(["Lãnh đạo UBND thành phố", "Phó Chủ tịch UBND thành phố"])
    elif unit not in (LEADERSHIP, CTU, CTUMP) and rng.random() < 0.5:
        city_leader = f"Lãnh đạo {unit}"
    else:
        city_leader = ""
    return {
        "direction": IN,
        "kind": kind,
        "title": template["title"].format(vi=vi, en=en),
        "title_en": template["title_en"].format(vi=vi, en=en),
        "purpose": template["purpose"],
        "purpose_en": template["purpose_en"],
        "head_name": head_name,
        "head_title": head_title,
        "head_rank": head_rank,
        "member_count": rng.randint(low, high),
        "countries": codes,
        "partners": partners,
        "media_outlets": media_outlets,
        "sectors": _sectors(rng, template["sectors"]),
        "start_date": start_date,
        "host_unit": unit,
        "city_leader": city_leader,
        **_ending(rng, kind, start_date, status),
    }


def _outbound(rng, start_date, status):
    kind = _weighted(rng, OUTBOUND_KIND_WEIGHTS)
    template, heads = rng.choice(OUTBOUND_TEMPLATES[kind])
    code = _weighted(rng, OUTBOUND_COUNTRIES)
    vi, en = _names([code])
    head_title, head_rank = rng.choice(heads)
    partners = []
    if kind == Kind.GOVERNMENT and code in TWIN_CITIES and rng.random() < 0.7:
        partners = [TWIN_CITIES[code]]
    elif kind in (Kind.BUSINESS, Kind.ACADEMIC):
        partners = _partners(rng, kind, [code], 0.5)
    return {
        "direction": OUT,
        "kind": kind,
        "title": template["title"].format(vi=vi, en=en),
        "title_en": template["title_en"].format(vi=vi, en=en),
        "purpose": template["purpose"],
        "purpose_en": template["purpose_en"],
        "head_name": "",
        "head_title": head_title,
        "head_rank": head_rank,
        "member_count": rng.randint(4, 15),
        "countries": [code],
        "partners": partners,
        "sectors": _sectors(rng, template["sectors"]),
        "start_date": start_date,
        "host_unit": rng.choice(template["units"]),
        "city_leader": "Phó Chủ tịch UBND thành phố" if head_rank == Rank.GOVERNOR else "",
        **_ending(rng, None, start_date, status),
    }


def _ending(rng, kind, start_date, status):
    """End date, status, outcome and visibility: what depends on how the visit went."""
    days = rng.choices([0, 1, 2, 3], weights=[55, 30, 10, 5])[0]
    end_date = start_date + datetime.timedelta(days=days)
    if status == Status.COMPLETED:
        # A visit still under way on DEMO_TODAY would not be completed yet.
        end_date = min(end_date, max(start_date, DEMO_TODAY))
    outcome = outcome_en = ""
    if status == Status.COMPLETED and rng.random() < 0.75:
        outcome, outcome_en = rng.choice(OUTCOMES[kind] if kind else OUTBOUND_OUTCOMES)
    elif status == Status.CANCELLED:
        covid = start_date.year in COVID_YEARS
        outcome, outcome_en = CANCELLED_COVID if covid else CANCELLED_OTHER
    if status == Status.CONFIRMED:
        visibility = PUBLIC
    elif status == Status.CANCELLED:
        visibility = rng.choice([PUBLIC, INTERNAL])
    else:
        visibility = PUBLIC if rng.random() < PUBLIC_SHARE else INTERNAL
    return {
        "end_date": end_date,
        "status": status,
        "outcome": outcome,
        "outcome_en": outcome_en,
        "visibility": visibility,
    }


def _add_members(rng, spec):
    country = spec["countries"][0]
    taken = {spec["head_name"]}
    members = []
    organisation = spec["partners"][0][0] if spec["partners"] else ""
    for _index in range(rng.randint(2, 4)):
        name = _name(rng, country, exclude=taken)
        taken.add(name)
        members.append((name, rng.choice(MEMBER_TITLES[spec["kind"]]), organisation))
    spec["members"] = members
    spec["member_count"] = max(spec["member_count"], len(members) + 1)


def generated_delegations():
    """Every generated delegation as a dict of field values, with the host unit by name,
    the partners as (name, country) and the sectors by code. Deterministic."""
    rng = random.Random(RANDOM_SEED)
    specs = []
    real = [spec for spec in SEED_DELEGATIONS if _counted_inbound(spec)]
    for year, target in INBOUND_PER_YEAR.items():
        count = target - sum(1 for spec in real if spec["start_date"].year == year)
        press = PRESS_PER_YEAR[year] - sum(
            1 for spec in real if spec["start_date"].year == year and spec["kind"] == Kind.PRESS
        )
        weights = COVID_KIND_WEIGHTS if year in COVID_YEARS else KIND_WEIGHTS
        kinds = [Kind.PRESS] * press + [_weighted(rng, weights) for _i in range(count - press)]
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for kind in kinds:
            specs.append(_inbound(rng, kind, _date_between(rng, first, last), Status.COMPLETED))
    for _i in range(INBOUND_2026):
        kind = _weighted(rng, KIND_WEIGHTS)
        date = _date_between(rng, datetime.date(2026, 1, 1), DEMO_TODAY)
        specs.append(_inbound(rng, kind, date, Status.COMPLETED))
    for year, count in OUTBOUND_PER_YEAR.items():
        last = min(datetime.date(year, 12, 31), DEMO_TODAY)
        for _i in range(count):
            date = _date_between(rng, datetime.date(year, 1, 1), last)
            specs.append(_outbound(rng, date, Status.COMPLETED))
    for year, first_month, last_month, direction in CANCELLED:
        first = datetime.date(year, first_month, 1)
        last = datetime.date(year, last_month, 28)
        date = _date_between(rng, first, last)
        if direction == IN:
            kind = _weighted(rng, KIND_WEIGHTS)
            specs.append(_inbound(rng, kind, date, Status.CANCELLED))
        else:
            specs.append(_outbound(rng, date, Status.CANCELLED))
    tomorrow = DEMO_TODAY + datetime.timedelta(days=1)
    for direction in UPCOMING:
        date = _date_between(rng, tomorrow, UPCOMING_UNTIL)
        soon = date <= DEMO_TODAY + datetime.timedelta(days=35)
        status = Status.CONFIRMED if soon else Status.PLANNED
        if direction == IN:
            specs.append(_inbound(rng, _weighted(rng, KIND_WEIGHTS), date, status))
        else:
            specs.append(_outbound(rng, date, status))
    # A few past visits with their members listed.
    candidates = [
        spec
        for spec in specs
        if spec["kind"] in MEMBER_TITLES
        and spec["direction"] == IN
        and spec["status"] == Status.COMPLETED
        and len(spec["countries"]) == 1
    ]
    for spec in rng.sample(candidates, 30):
        _add_members(rng, spec)
    specs.sort(key=lambda spec: (spec["start_date"], spec["title"]))
    return specs


# ---------------------------------------------------------------------------------------
# Loading.

RELATIONS = ("partners", "sectors", "members")


def _lookups():
    units = dict(LocalUnit.objects.values_list("name", "pk"))
    sectors = dict(Sector.objects.values_list("code", "pk"))
    partners = {
        (name, country): pk
        for pk, name, country in ForeignPartner.objects.values_list("pk", "name", "country")
    }
    return units, sectors, partners


def _load_partners():
    for name, country, kind, name_vi, abbreviation, visibility in GENERATED_PARTNERS:
        ForeignPartner.objects.update_or_create(
            name=name,
            country=country,
            defaults={
                "kind": kind,
                "name_vi": name_vi,
                "abbreviation": abbreviation,
                "visibility": visibility,
                "notes": GENERATED_NOTE,
            },
        )


def _load_seed_delegations(units, sectors, partners):
    for spec in SEED_DELEGATIONS:
        fields = {key: value for key, value in spec.items() if key not in RELATIONS}
        fields.setdefault("end_date", fields["start_date"])
        fields.setdefault("status", Status.COMPLETED)
        fields["host_unit_id"] = units[fields.pop("host_unit")]
        delegation, _created = Delegation.objects.update_or_create(
            title=fields.pop("title"),
            start_date=fields.pop("start_date"),
            defaults={"visibility": PUBLIC, **fields},
        )
        delegation.partners.set([partners[key] for key in spec.get("partners", [])])
        delegation.sectors.set([sectors[code] for code in spec.get("sectors", [])])


def _load_generated(specs, units, sectors, partners):
    delegations = []
    for spec in specs:
        fields = {key: value for key, value in spec.items() if key not in RELATIONS}
        fields["host_unit_id"] = units[fields.pop("host_unit")]
        delegations.append(Delegation(notes=GENERATED_NOTE, **fields))
    Delegation.objects.bulk_create(delegations)

    partner_links, sector_links, members = [], [], []
    PartnerLink, SectorLink = Delegation.partners.through, Delegation.sectors.through
    for delegation, spec in zip(delegations, specs, strict=True):
        partner_links += [
            PartnerLink(delegation_id=delegation.pk, foreignpartner_id=partners[key])
            for key in spec["partners"]
        ]
        sector_links += [
            SectorLink(delegation_id=delegation.pk, sector_id=sectors[code])
            for code in spec["sectors"]
        ]
        members += [
            DelegationMember(delegation_id=delegation.pk, name=name, title=title, organisation=org)
            for name, title, org in spec.get("members", [])
        ]
    PartnerLink.objects.bulk_create(partner_links)
    SectorLink.objects.bulk_create(sector_links)
    DelegationMember.objects.bulk_create(members)


def load():
    _load_partners()
    units, sectors, partners = _lookups()
    _load_seed_delegations(units, sectors, partners)

    specs = generated_delegations()
    generated = Delegation.objects.filter(notes=GENERATED_NOTE)
    if generated.count() != len(specs):
        generated.delete()
        _load_generated(specs, units, sectors, partners)
    return {
        "delegations": Delegation.objects.count(),
        "delegation members": DelegationMember.objects.count(),
    }
