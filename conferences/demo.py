"""Demo conferences of Can Tho: the ones the seeds report, and a generated, plausible history
of international conferences and seminars hosted in the city, so that lists, filters and
figures have something to show.

From the seeds (written out by hand, all public, attended by the city, so without a permit):

- the 31st Diplomatic Conference (Hanoi, opened on 15 December 2021, in person and online,
  organised by the Ministry of Foreign Affairs), where the Chairman of the City People's
  Committee Trần Việt Trường spoke, with his four recommendations to the Ministry. The seed
  gives the opening day only, recorded as the end date too;
- the conference reviewing the diplomatic sector's work in 2022 (10 January 2023, in person
  and online; the city at its Can Tho connection point);
- the 20th National Foreign Affairs Conference (13 December, Hanoi, connected online with
  the localities). Its seed is a report on Ho Chi Minh City's speech there, so the three
  recommendations recorded are Ho Chi Minh City's, as the seed gives them, and the
  conference's summary and internal notes say so. The seed gives no year; 2021 fits what
  it says: Bùi Thanh Sơn as Minister of Foreign Affairs (in office since April 2021), the
  2021–2030 socio-economic strategy quoted as the current one, and a 13 December two days
  before the 31st Diplomatic Conference, which the other seed says followed a national
  foreign affairs conference. That the city attended through the online connection is the
  demo's assumption;
- the 12th Vietnam–France decentralised cooperation conference (Hanoi, April 2023: nearly
  1,000 delegates from 50 Vietnamese localities and 12 French ones; a plenary and four
  symposiums; agreements signed, a photo exhibition, a business forum and the "Balade en
  France" festival as side events; 36 organisations and 21 individuals given certificates
  of merit by the Hanoi People's Committee for organising it). The seed gives the month
  only, and does not name the symposiums: the days and the numbered symposium titles are
  illustrative. None of the demo agreements was signed there, so it links to none.

Hosted in Can Tho (illustrative): the seed's figure for 2020–2025 is that the department
"allowed agencies, units and enterprises to organize 185 international conferences and
seminars". So exactly 185 hosted conferences that began in 2020–2025 were permitted: their
permit was approved, whatever followed (``PERMITTED_STATUSES``: held, or cancelled after
approval; none of them is still merely approved, as all have passed). Two of them are
written out by hand because two demo agreements were signed there (``AGREEMENT_LINKS``); the
rest are generated. Around them: a few permits refused, 2026 up to ``DEMO_TODAY`` (held, one
cancelled), and a few approved or still requested after it, for an "upcoming" list. Every
permit is a decision of the City People's Committee, requested by a local unit; the
decision numbers and dates, the names, venues, participant figures and sessions are
invented. The organisers are local units or the foreign partners of the other demo modules
(two development agencies are added here). Online and hybrid formats are more common in the
COVID-19 years 2020–2021; about 60% of the conferences are public.

Generated rows are deterministic (``random.Random(RANDOM_SEED)``) and have ``notes`` equal
to ``GENERATED_NOTE``.

Idempotent: the hand-written conferences are updated in place (keyed on name and start
date), with their sessions and recommendations (keyed on their text). The generated ones are
left alone when their number is the expected one; otherwise they are all deleted and created
again in bulk.
"""

import datetime
import functools
import random

from agreements.demo import NEW_PARTNERS as AGREEMENT_PARTNERS
from agreements.models import Agreement
from core.demo import LEADERSHIP, SECTORS
from core.models import LocalUnit, Sector, Visibility
from delegations.demo import COUNTRIES, DEMO_TODAY, GENERATED_NOTE
from delegations.demo import GENERATED_PARTNERS as DELEGATION_PARTNERS
from partners.demo import PARTNERS as PARTNER_DEMO
from partners.models import ForeignPartner

from .models import PERMITTED_STATUSES, Conference, ConferenceSession, Recommendation

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
Kind = Conference.Kind
Role = Conference.Role
Format = Conference.Format
Permit = Conference.PermitStatus
SessionKind = ConferenceSession.Kind
D = datetime.date

RANDOM_SEED = 185
FIRST_YEAR, LAST_YEAR = 2020, 2025
PERMITTED_TOTAL = 185

MOFA = "Bộ Ngoại giao"
CITY_AUTHORITY = "UBND thành phố Cần Thơ"
FOREIGN_AFFAIRS = "Sở Ngoại vụ"
HEALTH = "Sở Y tế"
EDUCATION = "Sở Giáo dục và Đào tạo"
PLANNING = "Sở Kế hoạch và Đầu tư"
TRADE = "Sở Công Thương"
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
ENVIRONMENT = "Sở Tài nguyên và Môi trường"
SCIENCE = "Sở Khoa học và Công nghệ"
PROMOTION = "Trung tâm Xúc tiến Thương mại và Đầu tư"
CTU = "Trường Đại học Cần Thơ"
CTUMP = "Trường Đại học Y Dược Cần Thơ"
WATER = "Công ty Cấp thoát nước Cần Thơ"
NINH_KIEU, CAI_RANG, PHONG_DIEN = "Quận Ninh Kiều", "Quận Cái Răng", "Huyện Phong Điền"

# ---------------------------------------------------------------------------------------
# Partners: those of the other demo modules, by key, and two development agencies added
# here under their real names (public bodies, like the agencies of delegations.demo). AFD
# is spelt as aid.demo spells it (loaded later), so that both update the same partner.

NEW_PARTNERS = {
    "giz": (
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        "DE",
        ForeignPartner.Kind.GOVERNMENT,
        "Tổ chức Hợp tác Quốc tế Đức",
        "GIZ",
    ),
    "afd": (
        "Agence Française de Développement",
        "FR",
        ForeignPartner.Kind.GOVERNMENT,
        "Cơ quan Phát triển Pháp",
        "AFD",
    ),
}
# Partners of delegations.demo, by the key this module gives them.
DELEGATION_PARTNER_KEYS = {
    "cg_japan": "Consulate General of Japan in Ho Chi Minh City",
    "cg_korea": "Consulate General of the Republic of Korea in Ho Chi Minh City",
    "cg_us": "Consulate General of the United States in Ho Chi Minh City",
    "cg_france": "Consulate General of France in Ho Chi Minh City",
    "cg_australia": "Consulate General of Australia in Ho Chi Minh City",
    "cg_netherlands": "Consulate General of the Netherlands in Ho Chi Minh City",
    "cg_thailand": "Royal Thai Consulate-General in Ho Chi Minh City",
    "cg_singapore": "Consulate General of Singapore in Ho Chi Minh City",
    "jetro": "Japan External Trade Organization",
    "jica": "Japan International Cooperation Agency",
    "kotra": "Korea Trade-Investment Promotion Agency",
    "koica": "Korea International Cooperation Agency",
    "sakura_food": "Sakura Food Processing Co., Ltd.",
    "pacific_aquafeed": "Pacific Aquafeed Inc.",
    "delta_agri": "Delta Agri Trading B.V.",
    "merlion": "Merlion Cold Chain Pte. Ltd.",
    "kyushu": "Kyushu Institute of Agricultural Sciences",
    "honam_u": "Honam Agricultural University",
    "southern_coast_u": "Southern Coast University of Technology",
    "val_de_loire": "Institut supérieur d'agronomie du Val de Loire",
    "clean_water": "Mekong Clean Water Foundation",
    "delta_children": "Children of the Delta Fund",
    "green_delta": "Green Delta Partnership",
}


def _partner_registry():
    """key: (name, country) of every partner a demo conference may name. Fails on import
    when another demo module renames one."""
    registry = {}
    for key in ("riverside", "kaposvar", "okayama", "jeollanam", "grcn", "gcom"):
        name, country, *_rest = PARTNER_DEMO[key]
        registry[key] = (name, country)
    for key, (name, country, *_rest) in AGREEMENT_PARTNERS.items():
        registry[key] = (name, country)
    by_name = {row[0]: row[1] for row in DELEGATION_PARTNERS}
    for key, name in DELEGATION_PARTNER_KEYS.items():
        registry[key] = (name, by_name[name])
    for key, (name, country, *_rest) in NEW_PARTNERS.items():
        registry[key] = (name, country)
    return registry


PARTNERS = _partner_registry()

# ---------------------------------------------------------------------------------------
# The seeds' conferences, attended by the city.

REVIEW_2022 = "Hội nghị tổng kết công tác ngành Ngoại giao năm 2022"
VIETNAM_FRANCE = "Hội nghị Hợp tác giữa các địa phương Việt Nam – Pháp lần thứ 12"
DIPLOMATIC_31 = "Hội nghị Ngoại giao lần thứ 31"
FOREIGN_AFFAIRS_20 = "Hội nghị Ngoại vụ toàn quốc lần thứ 20"
HCMC = "Thành phố Hồ Chí Minh"


def _attended(name, name_en, start, **fields):
    return {
        "name": name,
        "name_en": name_en,
        "kind": Kind.CONFERENCE,
        "role": Role.ATTENDED,
        "start_date": start,
        "end_date": fields.pop("end_date", start),
        "city": "Hà Nội",
        "visibility": PUBLIC,
        **fields,
    }


SEED_CONFERENCES = [
    _attended(
        FOREIGN_AFFAIRS_20,
        "20th National Foreign Affairs Conference",
        D(2021, 12, 13),
        edition=20,
        organiser_name=MOFA,
        format=Format.HYBRID,
        summary="Hội nghị tổ chức trực tiếp tại điểm cầu Hà Nội, kết nối trực tuyến với các "
        "địa phương, với sự tham dự của lãnh đạo Bộ Ngoại giao, lãnh đạo các tỉnh, thành phố "
        "và khoảng 70 trưởng cơ quan đại diện Việt Nam ở nước ngoài (đại sứ, tổng lãnh sự). "
        "Phát biểu khai mạc, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn nhấn mạnh chủ trương của "
        "Chiến lược phát triển kinh tế – xã hội 2021–2030 “xây dựng nền kinh tế đối ngoại "
        "phục vụ phát triển, lấy người dân, địa phương và doanh nghiệp làm trung tâm phục "
        "vụ”. Các kiến nghị ghi dưới đây là ba kiến nghị của Thành phố Hồ Chí Minh, do Phó "
        "Chủ tịch UBND Thành phố Hồ Chí Minh Dương Anh Đức nêu trong phát biểu trực tuyến, "
        "theo tin báo chí.",
        summary_en="Held in person in Hanoi and connected online with the localities, with "
        "the leaders of the Ministry of Foreign Affairs, provincial leaders and about 70 "
        "heads of Vietnamese missions abroad (ambassadors, consuls general). Opening the "
        "conference, Minister of Foreign Affairs Bui Thanh Son stressed the 2021–2030 "
        "socio-economic strategy's aim of economic foreign relations that serve development, "
        "with people, localities and businesses at the centre. The recommendations below are "
        "Ho Chi Minh City's three, made online by Vice Chairman of the Ho Chi Minh City "
        "People's Committee Duong Anh Duc, as reported in the press.",
        notes="Bản ghi minh họa theo tin báo chí về phát biểu của Thành phố Hồ Chí Minh: ba "
        "kiến nghị là của Thành phố Hồ Chí Minh, ghi lại như báo chí đưa tin, không phải của "
        "thành phố Cần Thơ. Bài báo không ghi năm: chọn năm 2021 theo bối cảnh (Bộ trưởng "
        "Bùi Thanh Sơn, Chiến lược 2021–2030). Việc Cần Thơ dự tại điểm cầu trực tuyến là "
        "giả định.",
    ),
    _attended(
        DIPLOMATIC_31,
        "31st Diplomatic Conference",
        D(2021, 12, 15),
        edition=31,
        organiser_name=MOFA,
        format=Format.HYBRID,
        summary="Hội nghị khai mạc sáng 15/12/2021 tại Hà Nội, theo hình thức trực tiếp kết "
        "hợp trực tuyến, với chủ đề “Ngoại giao Việt Nam tiên phong, toàn diện, hiện đại, "
        "chủ động thích ứng, thực hiện thắng lợi Nghị quyết Đại hội XIII của Đảng”; Thủ "
        "tướng Phạm Minh Chính dự và phát biểu chỉ đạo. Tại phiên thảo luận chung về ngoại "
        "giao phục vụ phát triển đất nước, Chủ tịch UBND thành phố Trần Việt Trường nêu kết "
        "quả đối ngoại năm 2021 của thành phố: các địa phương kết nghĩa Riverside (Hoa Kỳ), "
        "Kaposvár (Hungary), Okayama (Nhật Bản) và Jeollanam-do (Hàn Quốc) hỗ trợ trang "
        "thiết bị y tế phòng, chống COVID-19 trị giá khoảng 75.000 USD; thành phố tham gia "
        "các chương trình quốc tế về thích ứng biến đổi khí hậu, phát triển đô thị, phát "
        "triển bền vững và quản trị thông minh (Mạng lưới các thành phố có khả năng chống "
        "chịu toàn cầu, Hiệp ước Thị trưởng toàn cầu về Khí hậu và Năng lượng, Hiệp hội Thị "
        "trưởng các thành phố sử dụng tiếng Pháp). Chủ tịch đề xuất nâng cao nhận thức của "
        "cả hệ thống chính trị về công tác đối ngoại, đẩy mạnh thể chế hóa chủ trương của "
        "Đảng và Nhà nước về đối ngoại, đổi mới hình thức và nội dung hoạt động đối ngoại "
        "trong bối cảnh phục hồi kinh tế, ứng dụng công nghệ thông tin và nền tảng số trong "
        "hoạt động đối ngoại.",
        summary_en="Opened in Hanoi on the morning of 15 December 2021, in person and "
        "online, on the theme “Vietnamese diplomacy: pioneering, comprehensive, modern, "
        "proactively adapting, successfully carrying out the Resolution of the 13th Party "
        "Congress”; Prime Minister Pham Minh Chinh attended and gave a steering speech. At "
        "the plenary session on diplomacy for national development, Chairman of the City "
        "People's Committee Tran Viet Truong presented the city's foreign affairs results in "
        "2021: the twin cities Riverside (USA), Kaposvár (Hungary), Okayama (Japan) and "
        "Jeollanam-do (Republic of Korea) gave medical equipment against COVID-19 worth about "
        "USD 75,000; the city takes part in international programmes on climate change "
        "adaptation, urban development, sustainable development and smart governance (the "
        "Global Resilient Cities Network, the Global Covenant of Mayors for Climate and "
        "Energy, the International Association of French-speaking Mayors). The Chairman "
        "proposed raising the whole political system's awareness of foreign affairs, "
        "institutionalising the Party's and State's guidance on them, renewing their form and "
        "content as the economy recovers, and using information technology and digital "
        "platforms in them.",
        notes="Theo tin của Sở Ngoại vụ. Tin chỉ ghi ngày khai mạc, được ghi làm ngày kết thúc.",
    ),
    _attended(
        REVIEW_2022,
        "Conference reviewing the work of the diplomatic sector in 2022",
        D(2023, 1, 10),
        organiser_name=MOFA,
        format=Format.HYBRID,
        summary="Thủ tướng Phạm Minh Chính dự và chỉ đạo hội nghị, tổ chức theo hình thức "
        "trực tiếp kết hợp trực tuyến. Tại điểm cầu thành phố Cần Thơ có Chủ tịch UBND thành "
        "phố Trần Việt Trường, Giám đốc Sở Ngoại vụ Nguyễn Thị Ngọc Điệp và đại diện các sở, "
        "ngành liên quan. Năm 2022 có gần 70 hoạt động đối ngoại của lãnh đạo chủ chốt theo "
        "hình thức trực tiếp và trực tuyến; kim ngạch xuất nhập khẩu vượt 700 tỷ USD. Lãnh "
        "đạo các bộ, cơ quan đại diện và địa phương báo cáo kết quả năm 2022 và đề xuất "
        "nhiệm vụ, giải pháp năm 2023.",
        summary_en="Prime Minister Pham Minh Chinh attended and directed the conference, "
        "held in person and online. At the Can Tho connection point were Chairman of the "
        "City People's Committee Tran Viet Truong, Director of the Department of Foreign "
        "Affairs Nguyen Thi Ngoc Diep and representatives of the departments concerned. In "
        "2022 the key leaders had nearly 70 foreign affairs activities in person and online; "
        "exports and imports passed USD 700 billion. Leaders of ministries, missions abroad "
        "and localities reported on 2022 and proposed tasks for 2023.",
        notes="Theo tin của Sở Ngoại vụ.",
    ),
    _attended(
        VIETNAM_FRANCE,
        "12th Vietnam–France Decentralised Cooperation Conference",
        D(2023, 4, 13),
        end_date=D(2023, 4, 15),
        edition=12,
        organiser_name="UBND thành phố Hà Nội",
        format=Format.IN_PERSON,
        participants_total=1000,
        countries_count=2,
        localities_count=62,
        awards_organisations=36,
        awards_individuals=21,
        summary="Hội nghị diễn ra thành công vào tháng 4/2023 tại Hà Nội, là dấu mốc quan "
        "trọng trong chuỗi hoạt động kỷ niệm 50 năm quan hệ ngoại giao và 10 năm quan hệ "
        "đối tác chiến lược Việt Nam – Pháp. Hội nghị gồm một phiên toàn thể và bốn hội thảo "
        "chuyên đề, quy tụ gần 1.000 đại biểu từ 50 địa phương Việt Nam và 12 địa phương "
        "Pháp; có lễ ký kết các thỏa thuận hợp tác, triển lãm ảnh về quan hệ Việt Nam – "
        "Pháp, diễn đàn doanh nghiệp Việt Nam – Pháp, lễ hội “Balade en France” và các "
        "chuyến khảo sát thực địa. UBND thành phố Hà Nội tặng Bằng khen cho 36 tập thể và 21 "
        "cá nhân có thành tích xuất sắc trong tổ chức hội nghị.",
        summary_en="Held successfully in Hanoi in April 2023, a milestone of the events "
        "marking 50 years of diplomatic relations and 10 years of strategic partnership "
        "between Vietnam and France. A plenary session and four symposiums gathered nearly "
        "1,000 delegates from 50 Vietnamese localities and 12 French ones; cooperation "
        "agreements were signed, with a photo exhibition on Vietnam–France relations, a "
        "Vietnam–France business forum, the “Balade en France” festival and field trips. "
        "The Hanoi People's Committee gave certificates of merit to 36 organisations and 21 "
        "individuals for organising the conference.",
        notes="Theo tin TTXVN ngày 30/8/2023. Số đại biểu là con số gần đúng (gần 1.000); "
        "62 địa phương = 50 của Việt Nam và 12 của Pháp. Ngày cụ thể trong tháng 4/2023 và "
        "tên các hội thảo chuyên đề là minh họa.",
    ),
]

# conference name: [(title, title in English, kind)]
SEED_SESSIONS = {
    DIPLOMATIC_31: [
        (
            "Phiên thảo luận chung về ngoại giao phục vụ phát triển đất nước",
            "Plenary session on diplomacy for national development",
            SessionKind.PLENARY,
        ),
    ],
    VIETNAM_FRANCE: [
        ("Phiên toàn thể", "Plenary session", SessionKind.PLENARY),
        *(
            (f"Hội thảo chuyên đề {n}", f"Symposium {n}", SessionKind.SYMPOSIUM)
            for n in range(1, 5)
        ),
        ("Diễn đàn doanh nghiệp Việt Nam – Pháp", "Vietnam–France business forum", SessionKind.SIDE_EVENT),
        ("Triển lãm ảnh về quan hệ Việt Nam – Pháp", "Photo exhibition on Vietnam–France relations", SessionKind.SIDE_EVENT),
        ("Lễ hội “Balade en France”", "“Balade en France” festival", SessionKind.SIDE_EVENT),
    ],
}  # fmt: skip

HCMC = "Thành phố Hồ Chí Minh"
# conference name: [(text, text in English, addressed to)]
SEED_RECOMMENDATIONS = {
    DIPLOMATIC_31: [
        (
            "Tiếp tục hỗ trợ thành phố tổ chức các hoạt động giao lưu văn hóa với các đối tác "
            "quốc tế.",
            "Continue to support the city in organising cultural exchanges with international "
            "partners.",
            MOFA,
        ),
        (
            "Giới thiệu các tổ chức phi chính phủ nước ngoài tài trợ các dự án trong các lĩnh "
            "vực y tế, giáo dục, nông nghiệp…",
            "Introduce non-governmental organisations to sponsor projects in health, "
            "education, agriculture and other fields.",
            MOFA,
        ),
        (
            "Tạo điều kiện thuận lợi cho việc triển khai các biên bản ghi nhớ đã ký giữa thành "
            "phố Cần Thơ và các đối tác nước ngoài.",
            "Facilitate the implementation of the memorandums of understanding signed between "
            "Can Tho and its foreign counterparts.",
            MOFA,
        ),
        (
            "Xem xét bố trí lãnh đạo làm công tác đối ngoại của địa phương vào các vị trí công "
            "tác tại các cơ quan đại diện Việt Nam ở nước ngoài.",
            "Consider assigning leaders of the provincial external-relations services to "
            "positions at Vietnamese missions abroad.",
            MOFA,
        ),
    ],
    FOREIGN_AFFAIRS_20: [
        (
            f"{HCMC} đề nghị Bộ Ngoại giao và các bộ, ngành trung ương tăng cường thông tin, "
            "định hướng, hỗ trợ thành phố xây dựng chiến lược quảng bá có trọng tâm theo nhu "
            "cầu và thị hiếu của từng địa bàn; tạo điều kiện để thành phố được cập nhật kịp "
            "thời chính sách đối ngoại, quan hệ với các nước, các lĩnh vực ưu tiên trong quan "
            "hệ với một số nước lớn (Hoa Kỳ, Trung Quốc, Nhật Bản, Hàn Quốc…) và kết quả các "
            "chuyến thăm cấp cao của lãnh đạo Việt Nam ở nước ngoài và lãnh đạo nước ngoài "
            "tại Việt Nam.",
            "Ho Chi Minh City asked the Ministry of Foreign Affairs and the central ministries "
            "for more information, guidance and support in building promotion strategies "
            "focused on each foreign locality's needs and tastes; and to keep the city "
            "promptly informed of foreign policy, of relations with other countries, of the "
            "priority areas in relations with some major powers (the US, China, Japan, Korea, "
            "etc.) and of the results of high-level visits abroad and to Vietnam.",
            "Bộ Ngoại giao và các bộ, ngành trung ương",
        ),
        (
            f"{HCMC} đề nghị có cơ chế phối hợp chặt chẽ hơn với Bộ Ngoại giao trong triển "
            "khai ngoại giao kinh tế: xem xét tổ chức một số hoạt động ngoại giao kinh tế của "
            "Bộ Ngoại giao và Chính phủ tại thành phố, gắn với phát triển vùng kinh tế trọng "
            "điểm phía Nam; hỗ trợ kết nối, giới thiệu chuyên gia đầu ngành và nhà đầu tư lớn "
            "từ các nước phát triển đầu tư vào các dự án lớn của thành phố như Khu đô thị "
            "sáng tạo tương tác cao phía Đông (thành phố Thủ Đức), đề án xây dựng thành phố "
            "thành trung tâm tài chính của khu vực, thành phố thông minh.",
            "Ho Chi Minh City asked for closer coordination with the Ministry of Foreign "
            "Affairs on economic diplomacy: holding some of the Ministry's and the "
            "Government's economic diplomacy events in the city, tied to the development of "
            "the southern key economic region; and help in introducing leading experts and "
            "large investors from developed countries to the city's major projects, such as "
            "the Future Creative Urban East in Thu Duc City, making the city a regional "
            "financial centre, and the smart city.",
            MOFA,
        ),
        (
            f"{HCMC} đề nghị Bộ Ngoại giao phối hợp với các bộ, ngành nghiên cứu và sớm có "
            "hướng dẫn cụ thể về việc thành lập cơ quan, văn phòng đại diện của địa phương "
            "nước ngoài tại địa phương Việt Nam và ngược lại, do hiện chưa có quy định cho "
            "phép.",
            "Ho Chi Minh City asked the Ministry of Foreign Affairs to study, with the "
            "ministries and sectors concerned, and give specific guidance on representative "
            "offices of foreign localities in Vietnamese localities and vice versa, which no "
            "regulation allows at present.",
            "Bộ Ngoại giao và các bộ, ngành liên quan",
        ),
    ],
}

# ---------------------------------------------------------------------------------------
# Two hosted conferences written out by hand: demo agreements were signed at them.

LOGISTICS_FORUM = "Diễn đàn kết nối logistics và xuất khẩu Cần Thơ – Hàn Quốc"
AGRICULTURE_SEMINAR = "Hội thảo quốc tế về nông nghiệp bền vững vùng đồng bằng sông Cửu Long"
HOSTED_NOTE = "Bản ghi minh họa do load_demo tạo ra: số quyết định, ngày và số liệu là minh họa."

HOSTED_CONFERENCES = [
    {
        "name": LOGISTICS_FORUM,
        "name_en": "Can Tho–Korea logistics and export forum",
        "kind": Kind.FORUM,
        "organiser_unit": TRADE,
        "co_partners": ["kr_logistics"],
        "start_date": D(2023, 1, 12),
        "end_date": D(2023, 1, 12),
        "venue": "Hội trường Sở Công Thương",
        "format": Format.IN_PERSON,
        "participants_total": 160,
        "participants_foreign": 28,
        "countries_count": 2,
        "permit_status": Permit.HELD,
        "permit_number": "1337/QĐ-UBND",
        "permit_date": D(2022, 12, 16),
        "permit_requested_by": TRADE,
        "sectors": ["logistics", "trade"],
        "summary": "Doanh nghiệp logistics, xuất khẩu của thành phố và Hàn Quốc trao đổi về "
        "vận tải đường thủy, kho lạnh và xuất khẩu nông sản, thủy sản. Sở Công Thương và "
        "Hiệp hội Logistics cảng Mokpo ký thỏa thuận hợp tác về kết nối logistics và xuất "
        "khẩu.",
        "summary_en": "Logistics and export companies of the city and Korea discussed inland "
        "waterway transport, cold storage and exports of farm produce and seafood. The "
        "Department of Industry and Trade and the Mokpo Port Logistics Association signed a "
        "cooperation agreement on logistics and export links.",
        "sessions": [],
    },
    {
        "name": AGRICULTURE_SEMINAR,
        "name_en": "International seminar on sustainable agriculture in the Mekong Delta",
        "kind": Kind.SEMINAR,
        "organiser_unit": CTU,
        "co_partners": ["somogy_institute"],
        "start_date": D(2024, 11, 21),
        "end_date": D(2024, 11, 22),
        "venue": "Hội trường Trường Đại học Cần Thơ",
        "format": Format.HYBRID,
        "participants_total": 240,
        "participants_foreign": 45,
        "countries_count": 7,
        "permit_status": Permit.HELD,
        "permit_number": "1625/QĐ-UBND",
        "permit_date": D(2024, 10, 25),
        "permit_requested_by": CTU,
        "sectors": ["agriculture", "biotechnology", "climate-change"],
        "summary": "Nhà khoa học trong và ngoài nước trình bày kết quả nghiên cứu về canh tác "
        "lúa giảm phát thải, giống cây trồng chịu mặn và chế phẩm sinh học. Trường Đại học "
        "Cần Thơ và Viện Khoa học nông nghiệp Somogy ký biên bản ghi nhớ về nghiên cứu nông "
        "nghiệp bền vững.",
        "summary_en": "Scientists from Vietnam and abroad presented research on low-emission "
        "rice, salt-tolerant crops and biological products. Can Tho University and the "
        "Somogy Institute of Agricultural Sciences signed a memorandum of understanding on "
        "sustainable agriculture research.",
        "sessions": [
            ("Phiên toàn thể", "Plenary session", SessionKind.PLENARY, D(2024, 11, 21)),
            (
                "Phiên chuyên đề: Canh tác lúa giảm phát thải và thích ứng biến đổi khí hậu",
                "Symposium: low-emission rice and climate adaptation",
                SessionKind.SYMPOSIUM,
                D(2024, 11, 21),
            ),
            (
                "Phiên chuyên đề: Công nghệ sinh học trong nông nghiệp",
                "Symposium: biotechnology in agriculture",
                SessionKind.SYMPOSIUM,
                D(2024, 11, 22),
            ),
        ],
    },
]

# Reference numbers of agreements.demo: the hosted conference each was signed at.
AGREEMENT_LINKS = {
    "01/2023/TTHT-SCT": (LOGISTICS_FORUM, D(2023, 1, 12)),
    "29/2024/BGN-ĐHCT": (AGRICULTURE_SEMINAR, D(2024, 11, 21)),
}

# ---------------------------------------------------------------------------------------
# Templates of the generated hosted conferences.


def _t(kind, name, name_en, units, partners, sectors, size, foreign, summary, summary_en):
    """A template: ``units`` may organise it (or request the permit for a partner),
    ``partners`` may organise or co-organise it; ``size`` is the (low, high) number of
    participants, ``foreign`` the (low, high) share of foreign ones. A name with ``{vi}``/
    ``{en}`` names the partner's country."""
    return {
        "kind": kind,
        "name": name,
        "name_en": name_en,
        "units": units,
        "partners": partners,
        "sectors": sectors,
        "size": size,
        "foreign": foreign,
        "summary": summary,
        "summary_en": summary_en,
    }


CONSULATES = ["cg_japan", "cg_korea", "cg_us", "cg_france", "cg_australia", "cg_netherlands",
              "cg_thailand", "cg_singapore"]  # fmt: skip

TEMPLATES = [
    _t(Kind.SEMINAR,
       "Hội thảo khoa học quốc tế về nông nghiệp thích ứng với biến đổi khí hậu vùng đồng bằng sông Cửu Long",
       "International scientific seminar on climate-adapted agriculture in the Mekong Delta",
       [CTU, AGRICULTURE], ["kyushu", "honam_u", "somogy_institute", "nz_institute", "jp_university"],
       ["agriculture", "climate-change"], (120, 300), (0.1, 0.3),
       "Trao đổi kết quả nghiên cứu và mô hình sản xuất nông nghiệp thích ứng với biến đổi khí hậu.",
       "Research results and farming models adapted to climate change."),
    _t(Kind.SEMINAR,
       "Hội thảo quốc tế về nuôi trồng thủy sản bền vững",
       "International seminar on sustainable aquaculture",
       [CTU, AGRICULTURE], ["kr_fisheries", "pacific_aquafeed", "kyushu"],
       ["fisheries", "environment"], (80, 220), (0.1, 0.3),
       "Giới thiệu công nghệ nuôi tuần hoàn, thức ăn thủy sản và quản lý dịch bệnh.",
       "Recirculating farming, aquafeed and disease management."),
    _t(Kind.WORKSHOP,
       "Hội thảo chuyên đề về công nghệ sinh học thực phẩm",
       "Workshop on food biotechnology",
       [CTU, SCIENCE], ["bg_biotech", "fr_university", "val_de_loire"],
       ["biotechnology", "science-technology"], (40, 100), (0.1, 0.35),
       "Trao đổi kinh nghiệm nghiên cứu và chuyển giao công nghệ chế biến thực phẩm.",
       "Research and technology transfer in food processing."),
    _t(Kind.SEMINAR,
       "Hội thảo quốc tế về giáo dục đại học và hợp tác đào tạo",
       "International seminar on higher education and joint programmes",
       [CTU, EDUCATION], ["inland_valley_u", "fr_university", "southern_coast_u", "honam_u"],
       ["education"], (80, 250), (0.05, 0.25),
       "Chia sẻ kinh nghiệm đào tạo liên kết, trao đổi giảng viên và sinh viên.",
       "Joint programmes and staff and student exchanges."),
    _t(Kind.CONFERENCE,
       "Hội nghị khoa học quốc tế về môi trường và tài nguyên thiên nhiên",
       "International scientific conference on the environment and natural resources",
       [CTU, ENVIRONMENT], ["jp_environment", "green_delta", "giz"],
       ["environment", "climate-change"], (150, 350), (0.1, 0.25),
       "Công bố nghiên cứu về quản lý tài nguyên nước, chất lượng môi trường và sạt lở.",
       "Research on water resources, environmental quality and river-bank erosion."),
    _t(Kind.CONFERENCE,
       "Hội nghị khoa học quốc tế Y Dược",
       "International conference on medicine and pharmacy",
       [CTUMP], ["okayama_medical", "la_college", "riverside_health"],
       ["health", "education"], (200, 500), (0.05, 0.15),
       "Báo cáo khoa học về y học lâm sàng, y tế công cộng và dược học.",
       "Papers on clinical medicine, public health and pharmacy."),
    _t(Kind.WORKSHOP,
       "Hội thảo tập huấn về chăm sóc sức khỏe ban đầu",
       "Training workshop on primary health care",
       [HEALTH, CTUMP], ["delta_children", "riverside_health", "okayama_medical"],
       ["health"], (30, 90), (0.05, 0.2),
       "Tập huấn cho nhân viên y tế cơ sở, do chuyên gia nước ngoài hướng dẫn.",
       "Training for primary health workers, led by foreign experts."),
    _t(Kind.FORUM,
       "Diễn đàn xúc tiến đầu tư thành phố Cần Thơ",
       "Can Tho investment promotion forum",
       [PROMOTION, PLANNING], ["jetro", "kotra", "cg_japan", "cg_korea", "cg_singapore"],
       ["investment", "trade"], (200, 500), (0.15, 0.35),
       "Giới thiệu môi trường đầu tư, danh mục dự án kêu gọi đầu tư và chính sách ưu đãi.",
       "The investment climate, the projects on offer and the incentives."),
    _t(Kind.CONFERENCE,
       "Hội nghị kết nối giao thương với doanh nghiệp {vi}",
       "Business matchmaking conference with companies from {en}",
       [TRADE, PROMOTION], ["jetro", "kotra", "merlion", "delta_agri", "sakura_food", "us_crops"],
       ["trade", "agriculture"], (80, 250), (0.15, 0.4),
       "Kết nối cung – cầu nông sản, thủy sản giữa doanh nghiệp hai bên.",
       "Supply-and-demand matchmaking for farm produce and seafood."),
    _t(Kind.SEMINAR,
       "Hội thảo về phát triển logistics và chuỗi cung ứng lạnh vùng đồng bằng sông Cửu Long",
       "Seminar on logistics and the cold chain in the Mekong Delta",
       [TRADE, PROMOTION], ["sg_logistics", "kr_logistics", "merlion"],
       ["logistics", "trade"], (80, 200), (0.1, 0.3),
       "Giải pháp kho lạnh, vận tải đường thủy và kết nối chuỗi cung ứng.",
       "Cold storage, inland waterway transport and supply chains."),
    _t(Kind.WORKSHOP,
       "Hội thảo tham vấn về quản lý rủi ro ngập lụt đô thị",
       "Consultation workshop on urban flood risk management",
       [ENVIRONMENT, FOREIGN_AFFAIRS], ["jica", "giz", "afd", "grcn"],
       ["climate-change", "urban-infrastructure"], (40, 120), (0.1, 0.3),
       "Tham vấn các sở, ngành về giải pháp chống ngập và nâng cao khả năng chống chịu.",
       "Consultation of the departments on flood control and resilience."),
    _t(Kind.SEMINAR,
       "Hội thảo về chuyển đổi năng lượng và giảm phát thải khí nhà kính",
       "Seminar on the energy transition and greenhouse-gas reduction",
       [TRADE, ENVIRONMENT], ["giz", "gcom", "afd"],
       ["energy", "climate-change"], (60, 180), (0.05, 0.25),
       "Kinh nghiệm quốc tế về điện mặt trời áp mái, tiết kiệm năng lượng và kiểm kê khí nhà kính.",
       "International practice in rooftop solar, energy saving and greenhouse-gas inventories."),
    _t(Kind.SEMINAR,
       "Hội thảo về nước sạch và vệ sinh môi trường nông thôn",
       "Seminar on rural clean water and sanitation",
       [AGRICULTURE, PHONG_DIEN, WATER], ["clean_water", "koica"],
       ["environment", "health"], (50, 140), (0.05, 0.2),
       "Đánh giá mô hình cấp nước sạch và vệ sinh cho các xã vùng sâu.",
       "Review of clean-water and sanitation models for remote communes."),
    _t(Kind.EXHIBITION,
       "Triển lãm ảnh về đất nước, con người {vi}",
       "Photo exhibition: the land and people of {en}",
       [CULTURE, FOREIGN_AFFAIRS], CONSULATES,
       ["culture"], (300, 1500), (0.01, 0.05),
       "Giới thiệu đất nước, con người và văn hóa của nước bạn tới người dân thành phố.",
       "The country, its people and culture, shown to the people of the city."),
    _t(Kind.EXHIBITION,
       "Lễ hội văn hóa {vi} tại Cần Thơ",
       "Culture festival of {en} in Can Tho",
       [CULTURE, NINH_KIEU], ["cg_japan", "cg_korea", "cg_france", "cg_thailand", "jetro"],
       ["culture", "tourism"], (1000, 5000), (0.01, 0.04),
       "Biểu diễn nghệ thuật, ẩm thực và trò chơi dân gian của nước bạn.",
       "Performances, food and folk games of the partner country."),
    _t(Kind.FORUM,
       "Diễn đàn du lịch sông nước Mê Kông",
       "Mekong river tourism forum",
       [CULTURE, CAI_RANG], ["th_tourism", "fr_tourism"],
       ["tourism"], (100, 300), (0.1, 0.3),
       "Kết nối doanh nghiệp lữ hành, phát triển sản phẩm du lịch chợ nổi và miệt vườn.",
       "Tour operators meet; floating-market and orchard tourism products."),
    _t(Kind.WORKSHOP,
       "Tọa đàm về khởi nghiệp đổi mới sáng tạo",
       "Round table on start-ups and innovation",
       [SCIENCE, CTU], ["sg_innovation", "jeollanam", "koica"],
       ["startups-innovation"], (50, 150), (0.05, 0.2),
       "Chia sẻ kinh nghiệm ươm tạo và gọi vốn cho doanh nghiệp khởi nghiệp.",
       "Incubation and fund-raising for start-ups."),
    _t(Kind.SEMINAR,
       "Hội thảo giới thiệu học bổng và chương trình du học",
       "Seminar on scholarships and study abroad",
       [EDUCATION, FOREIGN_AFFAIRS], ["cg_australia", "cg_netherlands", "cg_us", "cg_france", "jica"],
       ["education"], (100, 400), (0.02, 0.08),
       "Giới thiệu học bổng và chương trình du học cho học sinh, sinh viên thành phố.",
       "Scholarships and study-abroad programmes for the city's students."),
    _t(Kind.CONFERENCE,
       "Hội nghị gặp gỡ các tổ chức phi chính phủ nước ngoài",
       "Meeting with foreign non-governmental organisations",
       [FOREIGN_AFFAIRS], ["clean_water", "delta_children", "green_delta"],
       ["health", "education", "agriculture"], (60, 150), (0.2, 0.5),
       "Thông tin nhu cầu hỗ trợ của thành phố và kêu gọi tài trợ các dự án y tế, giáo dục, "
       "nông nghiệp.",
       "The city's needs, and a call for projects in health, education and agriculture."),
    _t(Kind.WORKSHOP,
       "Hội thảo về quản trị đô thị thông minh",
       "Workshop on smart urban governance",
       [SCIENCE, FOREIGN_AFFAIRS], ["koica", "sg_logistics", "grcn"],
       ["smart-governance", "urban-infrastructure"], (50, 150), (0.05, 0.25),
       "Kinh nghiệm quốc tế về chính quyền số và trung tâm điều hành đô thị thông minh.",
       "International practice in digital government and smart-city operations centres."),
    _t(Kind.SEMINAR,
       "Hội thảo về lúa gạo phát thải thấp và tín chỉ các-bon",
       "Seminar on low-emission rice and carbon credits",
       [AGRICULTURE, CTU], ["jica", "kyushu", "delta_agri"],
       ["agriculture", "climate-change"], (80, 220), (0.05, 0.2),
       "Quy trình canh tác giảm phát thải, đo đạc và thị trường tín chỉ các-bon.",
       "Low-emission farming, measurement and the carbon-credit market."),
    _t(Kind.FORUM,
       "Diễn đàn hợp tác giữa Cần Thơ và các địa phương {vi}",
       "Forum of Can Tho and the localities of {en}",
       [LEADERSHIP, FOREIGN_AFFAIRS], ["okayama", "jeollanam", "kaposvar", "riverside",
                                        "khon_kaen", "savannakhet", "waikato", "plovdiv"],
       ["smart-governance", "trade", "education"], (100, 250), (0.1, 0.25),
       "Rà soát kết quả hợp tác và thống nhất chương trình hợp tác giai đoạn tới.",
       "Review of the cooperation and the programme for the next period."),
    _t(Kind.OTHER,
       "Chương trình giao lưu thanh niên quốc tế",
       "International youth exchange programme",
       [FOREIGN_AFFAIRS, EDUCATION], ["jica", "koica", "cg_japan", "cg_korea"],
       ["culture", "education"], (60, 200), (0.1, 0.4),
       "Giao lưu văn hóa, thể thao và hoạt động tình nguyện của thanh niên các nước.",
       "Cultural, sports and volunteer activities of young people from several countries."),
]  # fmt: skip

# Vietnamese and English names of the countries of the partners above.
COUNTRY_NAMES = {code: (vi, en) for code, (vi, en, _weight) in COUNTRIES.items()}

# Venues by organising unit; others meet in a hall of the city.
VENUES = {
    CTU: "Hội trường Trường Đại học Cần Thơ",
    CTUMP: "Hội trường Trường Đại học Y Dược Cần Thơ",
    LEADERSHIP: "Hội trường UBND thành phố Cần Thơ",
    NINH_KIEU: "Công viên sông Hậu",
    CAI_RANG: "Hội trường UBND quận Cái Răng",
}
CITY_VENUES = [
    "Trung tâm Hội nghị thành phố Cần Thơ",
    "Hội trường UBND thành phố Cần Thơ",
    "Trung tâm Văn hóa thành phố Cần Thơ",
]
EXHIBITION_VENUES = ["Công viên sông Hậu", "Trung tâm Văn hóa thành phố Cần Thơ", "Bến Ninh Kiều"]

# ---------------------------------------------------------------------------------------
# How many, and when.

PERMITTED_PER_YEAR = {2020: 18, 2021: 12, 2022: 30, 2023: 38, 2024: 43}
PERMITTED_PER_YEAR[LAST_YEAR] = PERMITTED_TOTAL - sum(PERMITTED_PER_YEAR.values())
# Of the permitted ones, cancelled after approval (mostly COVID-19).
CANCELLED_PER_YEAR = {2020: 3, 2021: 3, 2022: 1, 2023: 1, 2024: 0, 2025: 1}
REJECTED_YEARS = [2020, 2021, 2022, 2023, 2024, 2025, 2026]
HELD_2026 = 40  # up to DEMO_TODAY
CANCELLED_2026 = 1
UPCOMING_APPROVED = 6
UPCOMING_REQUESTED = 4
UPCOMING_UNTIL = D(2027, 4, 30)
COVID_YEARS = {2020, 2021}
PUBLIC_SHARE = 0.6

MONTHS = {
    2020: [10, 4, 3, 0, 2, 4, 8, 6, 8, 12, 14, 12],
    2021: [12, 4, 10, 10, 4, 1, 0, 0, 0, 3, 8, 10],
}
NORMAL_MONTHS = [5, 3, 9, 9, 9, 8, 7, 8, 10, 11, 12, 10]
# {year: {format: weight}}; from 2023 on, the last one.
FORMATS = {
    2020: {Format.IN_PERSON: 40, Format.ONLINE: 30, Format.HYBRID: 30},
    2021: {Format.IN_PERSON: 20, Format.ONLINE: 50, Format.HYBRID: 30},
    2022: {Format.IN_PERSON: 55, Format.ONLINE: 15, Format.HYBRID: 30},
    2023: {Format.IN_PERSON: 70, Format.ONLINE: 5, Format.HYBRID: 25},
}
KIND_SESSIONS = {Kind.CONFERENCE, Kind.FORUM, Kind.SEMINAR}
SECTOR_NAMES = {code: (name, name_en) for code, name, name_en in SECTORS}

CANCELLED_COVID = (
    "Đã được cấp phép nhưng hủy do diễn biến dịch COVID-19.",
    "Permitted, then cancelled because of COVID-19.",
)
CANCELLED_OTHER = (
    "Đã được cấp phép nhưng đơn vị tổ chức đề nghị hủy do thay đổi kế hoạch.",
    "Permitted, then cancelled at the organiser's request: a change of plans.",
)
REJECTED_REASONS = [
    (
        "Không cấp phép: hồ sơ đề nghị gửi quá thời hạn quy định.",
        "Permit refused: the request came too late.",
    ),
    (
        "Không cấp phép: hồ sơ chưa đầy đủ, chưa có ý kiến của các cơ quan liên quan.",
        "Permit refused: the file was incomplete, without the opinions of the agencies concerned.",
    ),
]


def _check_figures():
    assert sum(PERMITTED_PER_YEAR.values()) == PERMITTED_TOTAL, PERMITTED_PER_YEAR
    assert all(count >= 0 for count in PERMITTED_PER_YEAR.values()), PERMITTED_PER_YEAR
    for template in TEMPLATES:
        assert set(template["partners"]) <= set(PARTNERS), template["name"]
        assert set(template["sectors"]) <= set(SECTOR_NAMES), template["name"]


_check_figures()


def _counted(spec):
    """Whether a hosted conference counts among the seed's 185."""
    return (
        spec.get("role", Role.HOSTED) == Role.HOSTED
        and spec["permit_status"] in PERMITTED_STATUSES
        and bool(spec.get("permit_number"))
        and FIRST_YEAR <= spec["start_date"].year <= LAST_YEAR
    )


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


@functools.cache
def _months_between(first, last):
    """The parts of months in [first, last] and their weights (month weight × days)."""
    months = {}
    for year in range(first.year, last.year + 1):
        weights = MONTHS.get(year, NORMAL_MONTHS)
        for month in range(1, 13):
            start = D(year, month, 1)
            end = (start + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(1)
            start, end = max(start, first), min(end, last)
            if start <= end and weights[month - 1] > 0:
                months[(start, end)] = weights[month - 1] * ((end - start).days + 1)
    return tuple(months), tuple(months.values())


def _date_between(rng, first, last):
    """A working day in [first, last] (a weekend now and then), by the month weights."""
    months, weights = _months_between(first, last)
    start, end = rng.choices(months, weights=weights)[0]
    for _attempt in range(6):
        date = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        if date.weekday() < 5 or rng.random() < 0.1:
            break
    return date


def _participants(rng, template):
    """(total, foreign, countries); each may be unknown (None)."""
    if rng.random() < 0.08:
        return None, None, None
    low, high = template["size"]
    total = rng.randint(low, high)
    share_low, share_high = template["foreign"]
    foreign = max(1, round(total * rng.uniform(share_low, share_high)))
    countries = min(foreign, rng.choices([1, 2, 3, 4, 6, 8, 12], [4, 4, 3, 2, 2, 1, 1])[0])
    if rng.random() < 0.05:
        return total, None, None
    return total, foreign, countries


def _sessions(rng, template, start, end):
    """A plenary, two or three symposiums on the template's sectors, maybe a field trip."""
    sessions = [("Phiên toàn thể", "Plenary session", SessionKind.PLENARY, start)]
    topics = [SECTOR_NAMES[code] for code in template["sectors"]]
    for index in range(rng.randint(2, 3)):
        name, name_en = topics[index % len(topics)]
        day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        sessions.append(
            (
                f"Phiên chuyên đề {index + 1}: {name}",
                f"Symposium {index + 1}: {name_en}",
                SessionKind.SYMPOSIUM,
                day,
            )
        )
    if rng.random() < 0.4:
        sessions.append(("Tham quan thực địa", "Field trip", SessionKind.SIDE_EVENT, end))
    return sessions


def _hosted(rng, start_date, status):
    """One generated hosted conference, as a dict of field values with the units by name,
    the partners by key and the sectors by code."""
    template = rng.choice(TEMPLATES)
    unit = rng.choice(template["units"])
    partner = rng.choice(template["partners"])
    country = PARTNERS[partner][1]
    vi, en = COUNTRY_NAMES.get(country, ("", ""))
    kind = template["kind"]
    days = rng.choices([0, 1, 2], weights=[55, 35, 10])[0]
    if kind == Kind.EXHIBITION:
        days = rng.randint(1, 4)
    end_date = start_date + datetime.timedelta(days=days)
    if status == Permit.HELD:
        end_date = min(end_date, max(start_date, DEMO_TODAY))
    year = start_date.year
    formats = FORMATS.get(year, FORMATS[2023])
    fmt = Format.IN_PERSON if kind == Kind.EXHIBITION else _weighted(rng, formats)
    total, foreign, countries = _participants(rng, template)

    # A foreign organiser needs a local unit to request the permit, and co-organises
    # with it; a local organiser works with a foreign partner most of the time.
    organiser_unit, organiser_partner = unit, None
    co_units, co_partners = [], [partner]
    if rng.random() < 0.25:
        organiser_unit, organiser_partner = None, partner
        co_units, co_partners = [unit], []
    elif rng.random() < 0.25 and "{vi}" not in template["name"]:
        co_partners = []
    if rng.random() < 0.15:
        others = [u for u in template["units"] if u != unit]
        co_units += others[:1]

    if fmt == Format.ONLINE:
        venue = "Trực tuyến"
    elif kind == Kind.EXHIBITION:
        venue = rng.choice(EXHIBITION_VENUES)
    else:
        venue = VENUES.get(unit) or rng.choice(CITY_VENUES)
        if fmt == Format.HYBRID:
            venue = f"{venue} (kết hợp trực tuyến)"

    summary, summary_en = template["summary"], template["summary_en"]
    if status == Permit.CANCELLED:
        summary, summary_en = CANCELLED_COVID if year in COVID_YEARS else CANCELLED_OTHER
    elif status == Permit.REJECTED:
        summary, summary_en = rng.choice(REJECTED_REASONS)

    if status == Permit.REJECTED:
        visibility = INTERNAL
    elif status == Permit.REQUESTED:
        visibility = INTERNAL
    else:
        visibility = PUBLIC if rng.random() < PUBLIC_SHARE else INTERNAL

    sessions = []
    if kind in KIND_SESSIONS and status == Permit.HELD and total and total >= 150:
        if rng.random() < 0.35:
            sessions = _sessions(rng, template, start_date, end_date)

    # The decision comes 10–45 days ahead; for one still to come, before DEMO_TODAY.
    permit_date = None
    if status != Permit.REQUESTED:
        permit_date = start_date - datetime.timedelta(days=rng.randint(10, 45))
        if permit_date >= DEMO_TODAY:
            permit_date = DEMO_TODAY - datetime.timedelta(days=rng.randint(1, 20))
    return {
        "name": template["name"].format(vi=vi, en=en),
        "name_en": template["name_en"].format(vi=vi, en=en),
        "kind": kind,
        "role": Role.HOSTED,
        "organiser_unit": organiser_unit,
        "organiser_partner": organiser_partner,
        "co_units": co_units,
        "co_partners": co_partners,
        "start_date": start_date,
        "end_date": end_date,
        "venue": venue,
        "city": "Cần Thơ",
        "format": fmt,
        "participants_total": total,
        "participants_foreign": foreign,
        "countries_count": countries,
        "permit_status": status,
        "permit_date": permit_date,
        "permit_authority": CITY_AUTHORITY,
        "permit_requested_by": unit,
        "sectors": rng.sample(template["sectors"], rng.randint(1, len(template["sectors"]))),
        "sessions": sessions,
        "summary": summary,
        "summary_en": summary_en,
        "visibility": visibility,
    }


def _number_permits(rng, specs):
    """Decision numbers in the order of their dates within each year, skipping the ones
    the hand-written conferences use; a refusal is a letter (công văn), not a decision."""
    taken = {spec["permit_number"] for spec in HOSTED_CONFERENCES}
    numbered = sorted(
        (spec for spec in specs if spec["permit_date"] is not None),
        key=lambda spec: (spec["permit_date"], spec["start_date"], spec["name"]),
    )
    last = {}
    for spec in numbered:
        year = spec["permit_date"].year
        suffix = "UBND-NgV" if spec["permit_status"] == Permit.REJECTED else "QĐ-UBND"
        while True:
            last[year] = last.get(year, rng.randint(20, 80)) + rng.randint(15, 60)
            number = f"{last[year]}/{suffix}"
            if number not in taken:
                break
        spec["permit_number"] = number
    for spec in specs:
        spec.setdefault("permit_number", "")


def generated_conferences():
    """Every generated hosted conference as a dict of field values (see ``_hosted``).
    Deterministic."""
    rng = random.Random(RANDOM_SEED)
    specs = []
    for year, target in PERMITTED_PER_YEAR.items():
        hand_written = sum(
            1 for spec in HOSTED_CONFERENCES if _counted(spec) and spec["start_date"].year == year
        )
        cancelled = CANCELLED_PER_YEAR[year]
        statuses = [Permit.CANCELLED] * cancelled + [Permit.HELD] * (
            target - hand_written - cancelled
        )
        first, last = D(year, 1, 1), D(year, 12, 31)
        for status in statuses:
            specs.append(_hosted(rng, _date_between(rng, first, last), status))
    for _index in range(HELD_2026):
        specs.append(_hosted(rng, _date_between(rng, D(2026, 1, 1), DEMO_TODAY), Permit.HELD))
    for _index in range(CANCELLED_2026):
        date = _date_between(rng, D(2026, 1, 1), DEMO_TODAY)
        specs.append(_hosted(rng, date, Permit.CANCELLED))
    for year in REJECTED_YEARS:
        last = min(D(year, 12, 31), DEMO_TODAY)
        specs.append(_hosted(rng, _date_between(rng, D(year, 1, 1), last), Permit.REJECTED))
    tomorrow = DEMO_TODAY + datetime.timedelta(days=1)
    for _index in range(UPCOMING_APPROVED):
        date = _date_between(rng, tomorrow, UPCOMING_UNTIL)
        specs.append(_hosted(rng, date, Permit.APPROVED))
    for _index in range(UPCOMING_REQUESTED):
        date = _date_between(rng, DEMO_TODAY + datetime.timedelta(days=20), UPCOMING_UNTIL)
        specs.append(_hosted(rng, date, Permit.REQUESTED))
    _number_permits(rng, specs)
    specs.sort(key=lambda spec: (spec["start_date"], spec["name"]))
    return specs


# ---------------------------------------------------------------------------------------
# Loading.

RELATIONS = ("co_units", "co_partners", "sectors", "sessions")


def _load_partners():
    for name, country, kind, name_vi, abbreviation in NEW_PARTNERS.values():
        ForeignPartner.objects.update_or_create(
            name=name,
            country=country,
            defaults={
                "kind": kind,
                "name_vi": name_vi,
                "abbreviation": abbreviation,
                "visibility": PUBLIC,
            },
        )


def _lookups():
    units = dict(LocalUnit.objects.values_list("name", "pk"))
    sectors = dict(Sector.objects.values_list("code", "pk"))
    by_name = {
        (name, country): pk
        for pk, name, country in ForeignPartner.objects.values_list("pk", "name", "country")
    }
    partners = {key: by_name[value] for key, value in PARTNERS.items()}
    return units, sectors, partners


def _fields(spec, units, partners):
    """The model field values of a spec: units and partners as ids."""
    fields = {key: value for key, value in spec.items() if key not in RELATIONS}
    for field in ("organiser_unit", "permit_requested_by"):
        if field in fields:
            name = fields.pop(field)
            fields[f"{field}_id"] = units[name] if name else None
    if "organiser_partner" in fields:
        key = fields.pop("organiser_partner")
        fields["organiser_partner_id"] = partners[key] if key else None
    return fields


def _load_hand_written(units, sectors, partners):
    """The seeds' conferences and the hosted ones linked to agreements, updated in place."""
    for spec in [*SEED_CONFERENCES, *HOSTED_CONFERENCES]:
        fields = _fields(spec, units, partners)
        if spec.get("role", Role.HOSTED) == Role.HOSTED:
            fields.setdefault("permit_authority", CITY_AUTHORITY)
            fields.setdefault("city", "Cần Thơ")
            fields.setdefault("visibility", PUBLIC)
            fields.setdefault("notes", HOSTED_NOTE)
        conference, _created = Conference.objects.update_or_create(
            name=fields.pop("name"), start_date=fields.pop("start_date"), defaults=fields
        )
        conference.co_organiser_units.set([units[name] for name in spec.get("co_units", [])])
        conference.co_organiser_partners.set([partners[key] for key in spec.get("co_partners", [])])
        conference.sectors.set([sectors[code] for code in spec.get("sectors", [])])

        sessions = spec.get("sessions") or [
            (*row, None) for row in SEED_SESSIONS.get(conference.name, [])
        ]
        for title, title_en, kind, date in sessions:
            ConferenceSession.objects.update_or_create(
                conference=conference,
                title=title,
                defaults={"title_en": title_en, "kind": kind, "date": date},
            )
        for text, text_en, addressed_to in SEED_RECOMMENDATIONS.get(conference.name, []):
            Recommendation.objects.update_or_create(
                conference=conference,
                text=text,
                defaults={
                    "text_en": text_en,
                    "addressed_to": addressed_to,
                    # The seed reports Ho Chi Minh City's recommendations, not Can Tho's.
                    "made_by": HCMC if conference.name == FOREIGN_AFFAIRS_20 else "",
                },
            )


def _link_agreements():
    for reference, (name, start_date) in AGREEMENT_LINKS.items():
        conference = Conference.objects.get(name=name, start_date=start_date)
        Agreement.objects.filter(reference_number=reference).update(conference=conference)


def _load_generated(specs, units, sectors, partners):
    conferences = [
        Conference(notes=GENERATED_NOTE, **_fields(spec, units, partners)) for spec in specs
    ]
    Conference.objects.bulk_create(conferences)

    UnitLink = Conference.co_organiser_units.through
    PartnerLink = Conference.co_organiser_partners.through
    SectorLink = Conference.sectors.through
    unit_links, partner_links, sector_links, sessions = [], [], [], []
    for conference, spec in zip(conferences, specs, strict=True):
        unit_links += [
            UnitLink(conference_id=conference.pk, localunit_id=units[name])
            for name in spec["co_units"]
        ]
        partner_links += [
            PartnerLink(conference_id=conference.pk, foreignpartner_id=partners[key])
            for key in spec["co_partners"]
        ]
        sector_links += [
            SectorLink(conference_id=conference.pk, sector_id=sectors[code])
            for code in spec["sectors"]
        ]
        sessions += [
            ConferenceSession(
                conference_id=conference.pk, title=title, title_en=title_en, kind=kind, date=date
            )
            for title, title_en, kind, date in spec["sessions"]
        ]
    UnitLink.objects.bulk_create(unit_links)
    PartnerLink.objects.bulk_create(partner_links)
    SectorLink.objects.bulk_create(sector_links)
    ConferenceSession.objects.bulk_create(sessions)


def load():
    _load_partners()
    units, sectors, partners = _lookups()
    _load_hand_written(units, sectors, partners)
    _link_agreements()

    specs = generated_conferences()
    generated = Conference.objects.filter(notes=GENERATED_NOTE)
    if generated.count() != len(specs):
        generated.delete()
        _load_generated(specs, units, sectors, partners)
    return {
        "conferences": Conference.objects.count(),
        "conference sessions": ConferenceSession.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }
