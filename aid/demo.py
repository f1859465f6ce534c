"""Demo aid of Can Tho, consistent with the seeds, and the exchange rates to report it.

From the seeds, for 2020–2025:

- "16 ODA projects … over 37,000 billion VND": exactly 16 ODA loans and grants received and
  committed in 2020–2025 (not cancelled), in climate change, health, transport, urban
  infrastructure, fisheries and electricity, worth 37,435.5 billion VND at the demo rates.
  The donors are well-known public bodies under their real names (the World Bank, ADB,
  JICA, KOICA, KfW, AFD and the Export-Import Bank of Korea's EDCF); the projects, amounts
  and dates are illustrative.
- "216 projects and non-project aid … over 25 million USD": exactly 216 received aid
  projects that are not ODA (foreign NGO projects, non-project aid, in-kind donations,
  emergency relief), committed in 2020–2025 and not cancelled, worth USD 25,318,640.00 at
  the demo rates. Among them the twin cities' COVID-19 medical equipment (below); the other
  212 are generated, from invented NGOs and a few foreign bodies already in the demo.
- The twin cities Riverside, Kaposvár, Okayama and Jeollanam-do gave medical equipment
  against COVID-19 in 2021, "approximately 75,000 USD" and elsewhere "nearly 1.7 billion
  VND": here USD 20,000, HUF 4,500,000, JPY 2,000,000 and KRW 23,000,000 on the days that
  ``partners.demo`` gives, which the demo rates make 1,699,260,000 VND, USD 73,433.88.
- The city's own aid to Cambodia and Laos against COVID-19 (medical supplies, medicines,
  chemicals, necessities and cash), "about 2 billion VND": two projects given, 1.02 and
  0.98 billion VND, each handed over in kind and in cash on the day of the city's
  delegation (``delegations.demo``).

Around them, so that the counting rules show: a few projects committed in 2019 and in 2026,
a few cancelled ones (which count nowhere), some in the pipeline, approved or suspended
(which count: only cancelled projects are left out), and disbursements for most projects.
About two thirds of the projects are public.

Exchange rates: every currency the demo uses, from 1 January 2019, every six months. They
are ILLUSTRATIVE, close to the State Bank of Vietnam's central rate for the dollar (about
23,100 VND in 2020, rising to 25,400 in 2025) and to the market cross rates of each
half-year for the others; they are not official figures.

Generated rows (deterministic: ``random.Random(RANDOM_SEED)``) have ``notes`` equal to
``GENERATED_NOTE``. Idempotent: rates, partners and the hand-written projects are updated in
place (projects keyed on their title); the generated projects are left alone when their
number is the expected one, otherwise deleted (with their disbursements) and created again
in bulk.
"""

import datetime
import random
from decimal import ROUND_FLOOR, Decimal

from core.demo import LEADERSHIP
from core.models import LocalUnit, Sector, Visibility
from delegations.demo import DEMO_TODAY
from delegations.demo import GENERATED_PARTNERS as DELEGATION_PARTNERS
from partners.demo import COVID_SUPPORT_DATES
from partners.demo import PARTNERS as PARTNER_DEMO
from partners.models import ForeignPartner

from .conversions import converted
from .currencies import USD, VND, minor_units
from .models import AidProject, Disbursement, ExchangeRate
from .money import RateTable

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
RECEIVED, GIVEN = AidProject.Direction.RECEIVED, AidProject.Direction.GIVEN
Modality = AidProject.Modality
Status = AidProject.Status
PartnerKind = ForeignPartner.Kind
D = datetime.date

GENERATED_NOTE = "Bản ghi minh họa do load_demo tạo ra."
RATE_SOURCE = "Ngân hàng Nhà nước Việt Nam (tỷ giá trung tâm) – số liệu minh họa của dữ liệu mẫu"
RANDOM_SEED = 216

# The seeds' figures for 2020–2025.
FIRST_YEAR, LAST_YEAR = 2020, 2025
ODA_COUNT = 16
OTHER_RECEIVED_COUNT = 216
# The total of the 216, in USD at the demo rates (one generated project in USD takes up
# the difference, so the figure is exact).
OTHER_RECEIVED_USD = Decimal("25318640.00")

FOREIGN_AFFAIRS = "Sở Ngoại vụ"
HEALTH = "Sở Y tế"
PLANNING = "Sở Kế hoạch và Đầu tư"
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
ENVIRONMENT = "Sở Tài nguyên và Môi trường"
EDUCATION = "Sở Giáo dục và Đào tạo"
TRADE = "Sở Công Thương"
CULTURE = "Sở Văn hóa, Thể thao và Du lịch"
CTU = "Trường Đại học Cần Thơ"
CTUMP = "Trường Đại học Y Dược Cần Thơ"
WATER = "Công ty Cấp thoát nước Cần Thơ"
DISTRICTS = {
    "Quận Ninh Kiều": "Ninh Kieu District",
    "Quận Cái Răng": "Cai Rang District",
    "Quận Bình Thủy": "Binh Thuy District",
    "Huyện Phong Điền": "Phong Dien District",
}

# ---------------------------------------------------------------------------------------
# Exchange rates (VND per unit), illustrative: see the module docstring.

RATE_CURRENCIES = ("USD", "EUR", "JPY", "KRW", "AUD", "HUF")
# fmt: off
RATES = [
    # valid from        USD      EUR      JPY       KRW      AUD      HUF
    (D(2019, 1, 1), "22825", "26021", "209.40", "20.47", "15978", "81.52"),
    (D(2019, 7, 1), "23060", "25827", "213.52", "19.97", "15911", "76.87"),
    (D(2020, 1, 1), "23150", "25928", "214.35", "19.96", "16205", "77.95"),
    (D(2020, 7, 1), "23220", "26935", "217.01", "19.35", "16022", "73.71"),
    (D(2021, 1, 1), "23130", "28219", "224.56", "21.32", "17810", "77.88"),
    (D(2021, 7, 1), "23140", "27305", "210.36", "20.12", "16892", "78.44"),
    (D(2022, 1, 1), "23150", "26160", "201.30", "19.45", "16900", "69.73"),
    (D(2022, 7, 1), "23250", "23948", "170.96", "17.88", "16043", "58.13"),
    (D(2023, 1, 1), "23610", "25263", "180.23", "18.66", "16055", "63.47"),
    (D(2023, 7, 1), "23800", "25942", "164.14", "18.10", "15946", "68.39"),
    (D(2024, 1, 1), "23900", "26290", "169.50", "18.53", "16252", "67.32"),
    (D(2024, 7, 1), "24250", "26190", "150.62", "17.57", "16248", "66.44"),
    (D(2025, 1, 1), "24800", "25792", "157.96", "16.87", "15376", "62.47"),
    (D(2025, 7, 1), "25400", "29210", "176.39", "18.27", "16510", "73.62"),
    (D(2026, 1, 1), "25450", "29777", "163.14", "17.67", "16797", "77.12"),
    (D(2026, 7, 1), "25500", "29580", "170.00", "17.96", "16830", "76.12"),
]
# fmt: on


def exchange_rates():
    """Every demo rate as (currency, valid from, VND per unit)."""
    return [
        (currency, valid_from, Decimal(rate))
        for valid_from, *rates in RATES
        for currency, rate in zip(RATE_CURRENCIES, rates, strict=True)
    ]


DEMO_RATES = RateTable(exchange_rates())

# ---------------------------------------------------------------------------------------
# ODA donors: public bodies under their real names. ODA_DONORS are the partners this
# module adds, {name: (country, kind, Vietnamese name, abbreviation)}; JICA and KOICA
# come from delegations.demo. The World Bank and ADB belong to no country as partners,
# but a project needs a donor country: theirs give the country of their headquarters.

WB, ADB = "World Bank", "Asian Development Bank"
JICA, KOICA = "Japan International Cooperation Agency", "Korea International Cooperation Agency"
KFW, AFD = "KfW Development Bank", "Agence Française de Développement"
KEXIM = "Export-Import Bank of Korea (EDCF)"
G, IO, N = PartnerKind.GOVERNMENT, PartnerKind.INTERNATIONAL_ORGANISATION, PartnerKind.NGO
ODA_DONORS = {
    WB: ("", IO, "Ngân hàng Thế giới", "WB"),
    ADB: ("", IO, "Ngân hàng Phát triển châu Á", "ADB"),
    KFW: ("DE", G, "Ngân hàng Tái thiết Đức", "KfW"),
    AFD: ("FR", G, "Cơ quan Phát triển Pháp", "AFD"),
    KEXIM: ("KR", G, "Ngân hàng Xuất nhập khẩu Hàn Quốc (Quỹ Hợp tác phát triển kinh tế)", "EDCF"),
}
# The partner's country, and the donor country its projects give.
PARTNER_COUNTRIES = {WB: "", ADB: "", JICA: "JP", KOICA: "KR", KFW: "DE", AFD: "FR", KEXIM: "KR"}
ODA_COUNTRIES = {WB: "US", ADB: "PH", JICA: "JP", KOICA: "KR", KFW: "DE", AFD: "FR", KEXIM: "KR"}
DONORS_VI = {
    WB: "Ngân hàng Thế giới (WB)",
    ADB: "Ngân hàng Phát triển châu Á (ADB)",
    JICA: "Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)",
    KOICA: "Cơ quan Hợp tác Quốc tế Hàn Quốc (KOICA)",
    KFW: "Ngân hàng Tái thiết Đức (KfW)",
    AFD: "Cơ quan Phát triển Pháp (AFD)",
    KEXIM: "Quỹ Hợp tác phát triển kinh tế (EDCF) của Ngân hàng Xuất nhập khẩu Hàn Quốc",
}
DONORS_EN = {
    WB: "the World Bank",
    ADB: "the Asian Development Bank",
    JICA: "the Japan International Cooperation Agency (JICA)",
    KOICA: "the Korea International Cooperation Agency (KOICA)",
    KFW: "KfW Development Bank",
    AFD: "the Agence Française de Développement (AFD)",
    KEXIM: "the Economic Development Cooperation Fund (EDCF) of the Export-Import Bank of Korea",
}

# Invented NGOs and foundations: (name, country, Vietnamese name). Generic names that
# belong to no real organisation in particular.
NGOS = [
    ("Delta Health Volunteers", "US", "Tổ chức Tình nguyện Y tế Đồng bằng"),
    ("Riverbank Children's Foundation", "US", "Quỹ Trẻ em Ven sông"),
    ("Open Classrooms Initiative", "US", "Tổ chức Sáng kiến Lớp học Mở"),
    ("Southern Cross Water Trust", "AU", "Quỹ Nước sạch Southern Cross"),
    ("Mekong Sight Foundation", "AU", "Quỹ Ánh sáng Mê Kông"),
    ("Kinderhilfe Mekongdelta e.V.", "DE", "Hội Hỗ trợ Trẻ em Đồng bằng sông Cửu Long"),
    ("Solidarité Delta du Mékong", "FR", "Hội Đoàn kết Đồng bằng sông Cửu Long"),
    ("Stichting Groene Rivierdelta", "NL", "Quỹ Đồng bằng Xanh"),
    ("Nakama Medical Volunteers", "JP", "Tổ chức Tình nguyện Y tế Nakama"),
    ("Kizuna Rural Development Network", "JP", "Mạng lưới Phát triển Nông thôn Kizuna"),
    ("Hanul Sharing Foundation", "KR", "Quỹ Sẻ chia Hanul"),
    ("Dasom Global Health", "KR", "Tổ chức Y tế toàn cầu Dasom"),
    ("Lotus Bridge Education Fund", "GB", "Quỹ Giáo dục Cầu Sen"),
    ("Harbour Lights Relief", "NZ", "Tổ chức Cứu trợ Harbour Lights"),
]
# Donors already in the demo (delegations.demo): NGOs, and the foreign bodies that give
# small grants and donations in kind.
EXISTING_DONORS = [
    "Mekong Clean Water Foundation",
    "Children of the Delta Fund",
    "Green Delta Partnership",
    "Consulate General of Japan in Ho Chi Minh City",
    "Consulate General of Australia in Ho Chi Minh City",
    "Consulate General of the Republic of Korea in Ho Chi Minh City",
    "Sakura Food Processing Co., Ltd.",
    "Hanbit Logistics Co., Ltd.",
    "Pacific Aquafeed Inc.",
]
# The currency a donor of each country usually gives in.
HOME_CURRENCY = {"US": "USD", "AU": "AUD", "DE": "EUR", "FR": "EUR", "NL": "EUR", "JP": "JPY",
                 "KR": "KRW", "GB": "USD", "NZ": "USD"}  # fmt: skip

# ---------------------------------------------------------------------------------------
# The hand-written projects.


def _project(
    title,
    title_en,
    *,
    modality,
    currency,
    amount,
    committed_on,
    country,
    sectors,
    unit,
    status,
    partner=None,
    district=None,
    start=None,
    end=None,
    beneficiaries="",
    summary="",
    summary_en="",
    visibility=PUBLIC,
    direction=RECEIVED,
    disbursements=(),
):
    """A project as a dict of field values: the partner as (name, country), the unit and
    the district by name, the sectors by code, the disbursements as (date, amount,
    currency, note)."""
    return {
        "direction": direction,
        "modality": modality,
        "title": title,
        "title_en": title_en,
        "partner": partner,
        "country": country,
        "sectors": sectors,
        "implementing_unit": unit,
        "commitment_amount": Decimal(amount),
        "currency": currency,
        "committed_on": committed_on,
        "start_date": start,
        "end_date": end,
        "status": status,
        "district": district,
        "beneficiaries": beneficiaries,
        "summary": summary,
        "summary_en": summary_en,
        "visibility": visibility,
        "disbursements": list(disbursements),
    }


def _tranches(currency, amount, committed_on, shares, step_days=365, first_after=150):
    """Yearly disbursements of ``shares`` of ``amount`` from ``first_after`` days after the
    commitment, up to DEMO_TODAY."""
    unit = {"JPY": 1_000_000, "KRW": 1_000_000}.get(currency, 1_000)
    rows = []
    for index, share in enumerate(shares):
        day = committed_on + datetime.timedelta(days=first_after + index * step_days)
        if day > DEMO_TODAY:
            break
        value = (Decimal(amount) * Decimal(share) / unit).quantize(Decimal(1)) * unit
        rows.append((day, value, currency, f"Giải ngân đợt {index + 1}"))
    return rows


LOAN, GRANT = Modality.ODA_LOAN, Modality.ODA_GRANT


def _oda(
    donor,
    currency,
    amount,
    committed_on,
    modality,
    title,
    title_en,
    sectors,
    unit,
    *,
    status=Status.ONGOING,
    years=5,
    district=None,
    shares=("0.1", "0.2", "0.25", "0.25"),
    visibility=PUBLIC,
):
    """An ODA project, starting two months after its commitment and lasting ``years``,
    disbursed in yearly ``shares`` of the commitment."""
    start = committed_on + datetime.timedelta(days=60)
    end = start + datetime.timedelta(days=365 * years)
    kind_vi = "vốn vay ODA" if modality == LOAN else "viện trợ không hoàn lại ODA"
    kind_en = "an ODA loan" if modality == LOAN else "an ODA grant"
    return _project(
        title,
        title_en,
        modality=modality,
        currency=currency,
        amount=amount,
        committed_on=committed_on,
        partner=(donor, PARTNER_COUNTRIES[donor]),
        country=ODA_COUNTRIES[donor],
        sectors=sectors,
        unit=unit,
        status=status,
        district=district,
        start=start,
        end=end,
        summary=f"Dự án sử dụng {kind_vi} của {DONORS_VI[donor]}. Tên dự án, số tiền và các "
        "ngày là minh họa.",
        summary_en=f"A project financed by {kind_en} from {DONORS_EN[donor]}. Its name, amount "
        "and dates are illustrative.",
        visibility=visibility,
        disbursements=_tranches(currency, amount, committed_on, shares)
        if status != Status.CANCELLED
        else (),
    )


# fmt: off
ODA_PROJECTS = [
    _oda(WB, "USD", "150000000", D(2020, 6, 18), LOAN,
         "Dự án Phát triển đô thị và tăng cường khả năng thích ứng thành phố Cần Thơ – vốn bổ sung",
         "Can Tho urban development and resilience project – additional financing",
         ["urban-infrastructure", "climate-change"], LEADERSHIP, district="Quận Ninh Kiều"),
    _oda(KFW, "EUR", "40000000", D(2020, 10, 22), LOAN,
         "Nâng cấp trang thiết bị Bệnh viện Ung bướu thành phố Cần Thơ",
         "Upgrading the equipment of Can Tho Oncology Hospital",
         ["health"], HEALTH, status=Status.SUSPENDED, shares=("0.15",)),
    _oda(JICA, "JPY", "1200000000", D(2021, 3, 26), GRANT,
         "Cung cấp trang thiết bị y tế cho Bệnh viện Đa khoa thành phố Cần Thơ",
         "Medical equipment for Can Tho General Hospital",
         ["health"], HEALTH, status=Status.COMPLETED, years=2, shares=("1",)),
    _oda(AFD, "EUR", "1500000", D(2021, 6, 30), GRANT,
         "Hỗ trợ kỹ thuật lập quy hoạch thoát nước và chống ngập thành phố Cần Thơ",
         "Technical assistance for Can Tho's drainage and flood-control plan",
         ["climate-change", "urban-infrastructure"], ENVIRONMENT, status=Status.COMPLETED,
         years=2, shares=("0.5", "0.5")),
    _oda(KEXIM, "KRW", "120000000000", D(2021, 11, 25), LOAN,
         "Xây dựng tuyến đường nối trung tâm thành phố với Quốc lộ 91 và cầu qua sông Bình Thủy",
         "Road from the city centre to National Road 91 with a bridge over the Binh Thuy river",
         ["transport"], PLANNING, district="Quận Bình Thủy"),
    _oda(ADB, "USD", "210000000", D(2021, 12, 9), LOAN,
         "Kết nối giao thông vùng đồng bằng sông Cửu Long thích ứng biến đổi khí hậu – đoạn qua Cần Thơ",
         "Climate-resilient Mekong Delta transport connectivity – Can Tho section",
         ["transport", "climate-change"], PLANNING, district="Quận Cái Răng"),
    _oda(JICA, "JPY", "36000000000", D(2022, 3, 28), LOAN,
         "Cải tạo, mở rộng lưới điện truyền tải và phân phối khu vực Ô Môn",
         "Upgrading and extending the transmission and distribution grid around O Mon",
         ["energy"], TRADE),
    _oda(ADB, "USD", "2000000", D(2022, 8, 17), GRANT,
         "Hỗ trợ kỹ thuật chuẩn bị dự án thích ứng biến đổi khí hậu đô thị Cần Thơ",
         "Technical assistance to prepare an urban climate adaptation project for Can Tho",
         ["climate-change"], ENVIRONMENT, status=Status.COMPLETED, years=2, shares=("0.6", "0.4")),
    _oda(AFD, "EUR", "95000000", D(2023, 4, 20), LOAN,
         "Thoát nước, chống ngập và xử lý nước thải khu vực nội ô thành phố Cần Thơ",
         "Drainage, flood control and wastewater treatment in central Can Tho",
         ["urban-infrastructure", "climate-change"], WATER, district="Quận Ninh Kiều"),
    _oda(KOICA, "USD", "8000000", D(2023, 9, 12), GRANT,
         "Nâng cao năng lực y tế cơ sở thành phố Cần Thơ",
         "Strengthening primary health care in Can Tho",
         ["health"], HEALTH, years=3, shares=("0.3", "0.4"), district="Huyện Phong Điền"),
    _oda(ADB, "USD", "115000000", D(2023, 11, 30), LOAN,
         "Hạ tầng vùng nuôi trồng thủy sản tập trung thích ứng biến đổi khí hậu",
         "Infrastructure for climate-resilient aquaculture zones",
         ["fisheries", "climate-change"], AGRICULTURE, district="Huyện Phong Điền"),
    _oda(WB, "USD", "80000000", D(2024, 5, 23), LOAN,
         "Chống sạt lở bờ sông Cần Thơ và sông Hậu",
         "Protecting the banks of the Can Tho and Hau rivers against erosion",
         ["climate-change", "urban-infrastructure"], AGRICULTURE, district="Quận Cái Răng"),
    _oda(JICA, "JPY", "25000000000", D(2024, 10, 31), LOAN,
         "Mở rộng hệ thống cấp nước và thoát nước đô thị thành phố Cần Thơ",
         "Extending Can Tho's urban water supply and sewerage",
         ["urban-infrastructure"], WATER),
    _oda(KFW, "EUR", "60000000", D(2025, 3, 14), LOAN,
         "Lưới điện thông minh và năng lượng tái tạo thành phố Cần Thơ",
         "Smart grid and renewable energy in Can Tho",
         ["energy", "climate-change"], TRADE, shares=("0.1",)),
    _oda(KEXIM, "KRW", "90000000000", D(2025, 7, 24), LOAN,
         "Xây dựng cảng cá và trung tâm dịch vụ hậu cần nghề cá Cần Thơ",
         "Can Tho fishing port and fisheries logistics centre",
         ["fisheries", "transport"], AGRICULTURE, status=Status.APPROVED, shares=()),
    _oda(WB, "USD", "150000000", D(2025, 11, 6), LOAN,
         "Phát triển giao thông công cộng và đô thị thông minh thành phố Cần Thơ",
         "Public transport and smart-city development in Can Tho",
         ["transport", "urban-infrastructure"], PLANNING, status=Status.APPROVED, shares=()),
]

# Outside the seeds' count: before 2020, cancelled, and after 2025.
OTHER_ODA_PROJECTS = [
    _oda(JICA, "JPY", "500000000", D(2019, 8, 29), GRANT,
         "Trang thiết bị quan trắc chất lượng nước sông Hậu",
         "Water-quality monitoring equipment for the Hau river",
         ["environment"], ENVIRONMENT, status=Status.COMPLETED, years=2, shares=("1",)),
    _oda(ADB, "USD", "45000000", D(2022, 5, 19), LOAN,
         "Cải tạo hệ thống kênh rạch nội ô (đã hủy, thay bằng dự án của AFD)",
         "Rehabilitating the inner-city canals (cancelled, replaced by the AFD project)",
         ["urban-infrastructure"], ENVIRONMENT, status=Status.CANCELLED, visibility=INTERNAL),
    _oda(WB, "USD", "100000000", D(2026, 6, 11), LOAN,
         "Nâng cao khả năng chống chịu hạn mặn vùng ven đô Cần Thơ",
         "Drought and salinity resilience in peri-urban Can Tho",
         ["climate-change", "agriculture"], AGRICULTURE, status=Status.APPROVED, shares=()),
    _oda(KOICA, "USD", "6500000", D(2026, 9, 17), GRANT,
         "Trung tâm đào tạo nghề thủy sản Cần Thơ",
         "Can Tho fisheries vocational training centre",
         ["fisheries", "education"], AGRICULTURE, status=Status.PIPELINE, shares=(),
         visibility=INTERNAL),
]
# fmt: on

COVID_SUMMARY = (
    "Trang thiết bị, phương tiện y tế hỗ trợ thành phố phòng, chống dịch COVID-19, theo đề "
    "nghị của thành phố với các địa phương kết nghĩa. Cùng với Riverside, Kaposvár, Okayama "
    "và Jeollanam-do: tổng trị giá gần 1,7 tỷ đồng (khoảng 75.000 USD)."
)
COVID_SUMMARY_EN = (
    "Medical equipment to help the city fight COVID-19, at its request to its twin cities. "
    "Together with Riverside, Kaposvár, Okayama and Jeollanam-do: nearly 1.7 billion VND "
    "(about USD 75,000) in all."
)
# Twin city: (currency, amount, what was given).
COVID_GIFTS = {
    "riverside": ("USD", "20000", "Máy thở, máy theo dõi bệnh nhân", "Ventilators and patient monitors"),
    "kaposvar": ("HUF", "4500000", "Máy đo SpO2, bình oxy và vật tư y tế", "Pulse oximeters, oxygen cylinders and supplies"),
    "okayama": ("JPY", "2000000", "Khẩu trang y tế và đồ bảo hộ", "Medical masks and protective gear"),
    "jeollanam": ("KRW", "23000000", "Bộ xét nghiệm nhanh và máy đo SpO2", "Rapid test kits and pulse oximeters"),
}  # fmt: skip


def _covid_gift(key, date):
    name, country, _kind, _original, name_vi, *_rest = PARTNER_DEMO[key]
    currency, amount, what, what_en = COVID_GIFTS[key]
    return _project(
        f"{name_vi} tặng trang thiết bị y tế phòng, chống COVID-19",
        f"{name} donates medical equipment against COVID-19",
        modality=Modality.IN_KIND,
        currency=currency,
        amount=amount,
        committed_on=date,
        partner=(name, country),
        country=country,
        sectors=["health"],
        unit=HEALTH,
        status=Status.COMPLETED,
        start=date,
        end=date,
        beneficiaries="Các cơ sở điều trị COVID-19 của thành phố",
        summary=f"{what}. {COVID_SUMMARY}",
        summary_en=f"{what_en}. {COVID_SUMMARY_EN}",
        disbursements=[(date, Decimal(amount), currency, "Bàn giao hiện vật")],
    )


GIVEN_SUMMARY = (
    "Vật tư y tế, thuốc, hóa chất, nhu yếu phẩm và tiền mặt do thành phố vận động, hỗ trợ {vi} "
    "phòng, chống dịch COVID-19. Tổng trị giá hỗ trợ của thành phố cho Campuchia và Lào "
    "khoảng 2 tỷ đồng."
)
GIVEN_SUMMARY_EN = (
    "Medical supplies, medicines, chemicals, necessities and cash raised by the city to help "
    "{en} fight COVID-19. The city's support to Cambodia and Laos was worth about 2 billion "
    "VND in all."
)


def _covid_aid_given(country, name_vi, name_en, date, in_kind, cash):
    return _project(
        f"Thành phố Cần Thơ hỗ trợ {name_vi} phòng, chống dịch COVID-19",
        f"Can Tho City supports {name_en} against COVID-19",
        direction=GIVEN,
        modality=Modality.EMERGENCY,
        currency=VND,
        amount=in_kind + cash,
        committed_on=date,
        country=country,
        sectors=["health"],
        unit=FOREIGN_AFFAIRS,
        status=Status.COMPLETED,
        start=date,
        end=date + datetime.timedelta(days=1),
        beneficiaries=f"Người dân {name_vi}",
        summary=GIVEN_SUMMARY.format(vi=name_vi),
        summary_en=GIVEN_SUMMARY_EN.format(en=name_en),
        disbursements=[
            (date, Decimal(in_kind), VND, "Vật tư y tế, thuốc, hóa chất và nhu yếu phẩm"),
            (date, Decimal(cash), VND, "Tiền mặt"),
        ],
    )


SEED_PROJECTS = [
    *(_covid_gift(key, date) for key, date in COVID_SUPPORT_DATES),
    _covid_aid_given("KH", "Vương quốc Campuchia", "the Kingdom of Cambodia",
                     D(2021, 5, 27), 720_000_000, 300_000_000),
    _covid_aid_given("LA", "nước Cộng hòa Dân chủ Nhân dân Lào",
                     "the Lao People's Democratic Republic", D(2021, 6, 10),
                     700_000_000, 280_000_000),
]  # fmt: skip

HAND_WRITTEN = [*SEED_PROJECTS, *ODA_PROJECTS, *OTHER_ODA_PROJECTS]

# ---------------------------------------------------------------------------------------
# Templates of the generated projects: (title vi, title en, sectors, units, beneficiaries).
# "{district}" in a title is filled with the project's district.


def _t(title, title_en, sectors, units, beneficiaries):
    return (title, title_en, sectors, units, beneficiaries)


TEMPLATES = {
    Modality.NGO_PROJECT: [
        _t("Chăm sóc sức khỏe ban đầu cho người dân {district}",
           "Primary health care for the people of {district_en}",
           ["health"], [HEALTH], "người dân"),
        _t("Cấp nước sạch và vệ sinh môi trường nông thôn tại {district}",
           "Rural clean water and sanitation in {district_en}",
           ["environment", "health"], [WATER, ENVIRONMENT], "hộ dân"),
        _t("Sinh kế thích ứng biến đổi khí hậu cho nông hộ {district}",
           "Climate-resilient livelihoods for farming households in {district_en}",
           ["climate-change", "agriculture"], [AGRICULTURE], "nông hộ"),
        _t("Nâng cao chất lượng giáo dục mầm non tại {district}",
           "Better pre-school education in {district_en}",
           ["education"], [EDUCATION], "trẻ em"),
        _t("Phục hồi chức năng dựa vào cộng đồng cho người khuyết tật tại {district}",
           "Community-based rehabilitation for people with disabilities in {district_en}",
           ["health"], [HEALTH], "người khuyết tật"),
        _t("Khám, điều trị và phẫu thuật mắt miễn phí cho người nghèo",
           "Free eye examinations, treatment and surgery for the poor",
           ["health"], [HEALTH, CTUMP], "bệnh nhân"),
        _t("Đào tạo nghề và tạo việc làm cho thanh niên nông thôn",
           "Vocational training and jobs for rural young people",
           ["education"], [EDUCATION, TRADE], "thanh niên"),
        _t("Trồng rừng ven sông và nâng cao nhận thức bảo vệ môi trường",
           "Riverside tree planting and environmental awareness",
           ["environment", "climate-change"], [ENVIRONMENT], "người dân"),
        _t("Nâng cao năng lực phòng, chống thiên tai cho cộng đồng {district}",
           "Disaster preparedness for the communities of {district_en}",
           ["climate-change"], [AGRICULTURE, FOREIGN_AFFAIRS], "người dân"),
        _t("Hỗ trợ nông dân sản xuất lúa gạo bền vững",
           "Helping farmers grow rice sustainably",
           ["agriculture", "climate-change"], [AGRICULTURE, CTU], "nông dân"),
        _t("Dinh dưỡng và chăm sóc sức khỏe bà mẹ, trẻ em",
           "Nutrition and maternal and child health",
           ["health"], [HEALTH], "bà mẹ và trẻ em"),
        _t("Phát triển nuôi trồng thủy sản quy mô hộ gia đình",
           "Small-scale family aquaculture",
           ["fisheries", "agriculture"], [AGRICULTURE], "hộ nuôi thủy sản"),
    ],
    Modality.NON_PROJECT: [
        _t("Xây dựng nhà tình thương cho hộ nghèo tại {district}",
           "Houses for poor households in {district_en}",
           [], [FOREIGN_AFFAIRS], "hộ nghèo"),
        _t("Học bổng cho học sinh, sinh viên có hoàn cảnh khó khăn",
           "Scholarships for pupils and students in need",
           ["education"], [EDUCATION, CTU], "học sinh, sinh viên"),
        _t("Xây dựng cầu nông thôn tại {district}",
           "A rural bridge in {district_en}",
           ["transport"], [FOREIGN_AFFAIRS], "người dân"),
        _t("Hỗ trợ trang thiết bị cho trạm y tế xã",
           "Equipment for commune health stations",
           ["health"], [HEALTH], "trạm y tế"),
        _t("Xây dựng phòng học cho trường tiểu học tại {district}",
           "Classrooms for a primary school in {district_en}",
           ["education"], [EDUCATION], "học sinh"),
    ],
    Modality.IN_KIND: [
        _t("Tặng xe lăn và dụng cụ hỗ trợ cho người khuyết tật",
           "Wheelchairs and mobility aids for people with disabilities",
           ["health"], [HEALTH], "người khuyết tật"),
        _t("Tặng trang thiết bị y tế cho bệnh viện thành phố",
           "Medical equipment for city hospitals",
           ["health"], [HEALTH], "bệnh viện"),
        _t("Tặng máy tính và thiết bị dạy học cho trường học",
           "Computers and teaching equipment for schools",
           ["education"], [EDUCATION], "trường học"),
        _t("Tặng sách và đồ dùng học tập cho học sinh",
           "Books and school supplies for pupils",
           ["education"], [EDUCATION], "học sinh"),
    ],
    Modality.EMERGENCY: [
        _t("Cứu trợ khẩn cấp hộ dân bị ảnh hưởng bởi sạt lở bờ sông tại {district}",
           "Emergency relief for households hit by river-bank erosion in {district_en}",
           ["climate-change"], [FOREIGN_AFFAIRS, AGRICULTURE], "hộ dân"),
        _t("Hỗ trợ khẩn cấp hộ dân bị ảnh hưởng bởi triều cường và mưa lớn",
           "Emergency help for households hit by high tides and heavy rain",
           ["climate-change"], [FOREIGN_AFFAIRS], "hộ dân"),
        _t("Hỗ trợ người dân bị ảnh hưởng bởi hạn hán, xâm nhập mặn",
           "Help for people hit by drought and saltwater intrusion",
           ["climate-change", "agriculture"], [AGRICULTURE], "hộ dân"),
    ],
    Modality.OTHER: [
        _t("Hỗ trợ tổ chức hội thảo chia sẻ kinh nghiệm phát triển cộng đồng",
           "Support for a workshop on community development",
           [], [FOREIGN_AFFAIRS], "cán bộ, tình nguyện viên"),
        _t("Hỗ trợ chương trình giao lưu thanh niên",
           "Support for a youth exchange programme",
           ["culture", "education"], [FOREIGN_AFFAIRS, CULTURE], "thanh niên"),
    ],
}  # fmt: skip
COVID_TEMPLATE = _t(
    "Hỗ trợ khẩn cấp phòng, chống dịch COVID-19",
    "Emergency support against COVID-19",
    ["health"],
    [HEALTH],
    "người dân và cơ sở y tế",
)
MODALITY_WEIGHTS = {
    Modality.NGO_PROJECT: 55,
    Modality.NON_PROJECT: 18,
    Modality.IN_KIND: 14,
    Modality.EMERGENCY: 9,
    Modality.OTHER: 4,
}
# Typical size in USD (low, high) by modality.
SIZES = {
    Modality.NGO_PROJECT: (65_000, 460_000),
    Modality.NON_PROJECT: (10_000, 90_000),
    Modality.IN_KIND: (5_000, 60_000),
    Modality.EMERGENCY: (5_000, 50_000),
    Modality.OTHER: (3_000, 20_000),
}
# Counted (not cancelled) and generated, by year: 212 + the 4 twin-city gifts = 216.
PER_YEAR = {2020: 30, 2021: 30, 2022: 35, 2023: 37, 2024: 40, 2025: 40}
# Outside the count: committed in 2019 or 2026, or cancelled.
BEFORE, IN_2026, CANCELLED = 6, 12, 5
PUBLIC_SHARE = 0.62
# Round amounts the way donors write them.
ROUND_TO = {"USD": 500, "EUR": 500, "AUD": 500, "JPY": 100_000, "KRW": 1_000_000,
            "VND": 1_000_000, "HUF": 100_000}  # fmt: skip


def _counted(spec):
    """Counted in the seeds' figures: committed in 2020–2025 and not cancelled."""
    return (
        spec["status"] != Status.CANCELLED and FIRST_YEAR <= spec["committed_on"].year <= LAST_YEAR
    )


def _is_counted_oda(spec):
    return _counted(spec) and spec["modality"] in (LOAN, GRANT)


def _is_other_received(spec):
    return (
        _counted(spec) and spec["direction"] == RECEIVED and spec["modality"] not in (LOAN, GRANT)
    )


def _check_figures():
    seeds = sum(1 for spec in SEED_PROJECTS if _is_other_received(spec))
    assert sum(PER_YEAR.values()) + seeds == OTHER_RECEIVED_COUNT
    assert sum(1 for spec in ODA_PROJECTS if _is_counted_oda(spec)) == ODA_COUNT
    assert not any(_is_counted_oda(spec) for spec in OTHER_ODA_PROJECTS)


_check_figures()


def _weighted(rng, weights):
    """One key of ``weights`` ({key: weight}), drawn by weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _round(amount, currency):
    """``amount`` as a donor would write it: to the nearest ``ROUND_TO`` step, at least one."""
    step = Decimal(ROUND_TO[currency])
    return max(step, (amount / step).quantize(Decimal(1)) * step)


def _floor(amount, step):
    """``amount`` rounded down to a multiple of ``step``: parts never exceed the whole."""
    step = Decimal(step)
    return (amount / step).to_integral_value(rounding=ROUND_FLOOR) * step


def _unit_step(currency):
    return Decimal(1).scaleb(-minor_units(currency))


def _date(rng, first, last):
    """A day in [first, last], a working day when one comes up within a few draws."""
    for _attempt in range(10):
        day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        if day.weekday() < 5:
            break
    return day


def _donor_pools():
    """{(name, country): weight} of the donors a generated project may have, for NGO
    projects (the NGOs) and for the rest (also the consulates and companies): the invented
    NGOs, and partners of delegations.demo."""
    partners = {name: (country, kind) for name, country, kind, *_rest in DELEGATION_PARTNERS}
    ngos = {(name, country): 3 for name, country, _vi in NGOS}
    others = {}
    for name in EXISTING_DONORS:
        country, kind = partners[name]
        (ngos if kind == N else others)[(name, country)] = 2
    return ngos, {**ngos, **others}


NGO_DONORS, ALL_DONORS = _donor_pools()


def _status(rng, committed_on, cancelled):
    if cancelled:
        return Status.CANCELLED
    if committed_on.year >= 2026:
        return _weighted(rng, {Status.PIPELINE: 1, Status.APPROVED: 2, Status.ONGOING: 1})
    if committed_on.year == LAST_YEAR:
        return _weighted(rng, {Status.ONGOING: 6, Status.APPROVED: 2, Status.COMPLETED: 2})
    if rng.random() < 0.03:
        return Status.SUSPENDED
    if committed_on.year == 2024:
        return _weighted(rng, {Status.ONGOING: 5, Status.COMPLETED: 5})
    return _weighted(rng, {Status.COMPLETED: 9, Status.ONGOING: 1})


def _generated_project(rng, committed_on, *, cancelled=False):
    modality = _weighted(rng, MODALITY_WEIGHTS)
    covid = D(2020, 2, 1) <= committed_on <= D(2021, 12, 31)
    if covid and modality == Modality.EMERGENCY:
        template = COVID_TEMPLATE
    else:
        template = rng.choice(TEMPLATES[modality])
    title, title_en, sectors, units, beneficiaries = template
    name, country = _weighted(rng, NGO_DONORS if modality == Modality.NGO_PROJECT else ALL_DONORS)
    draw = rng.random()
    currency = VND if draw < 0.12 else USD if draw < 0.2 else HOME_CURRENCY[country]
    # A size in USD, log-uniform between the modality's bounds, in the project's currency.
    low, high = SIZES[modality]
    usd = Decimal(round(low * (high / low) ** rng.random()))
    in_currency = usd * DEMO_RATES.rate(USD, committed_on) / DEMO_RATES.rate(currency, committed_on)
    named_place = "{district}" in title
    district = rng.choice(list(DISTRICTS)) if named_place or rng.random() < 0.4 else None
    place = district or rng.choice(list(DISTRICTS))
    status = _status(rng, committed_on, cancelled)
    start = committed_on + datetime.timedelta(days=rng.randint(0, 45))
    if modality == Modality.NGO_PROJECT:
        end = start + datetime.timedelta(days=rng.choice([365, 547, 730, 1095]))
    elif modality in (Modality.IN_KIND, Modality.EMERGENCY):
        start, end = committed_on, committed_on + datetime.timedelta(days=rng.randint(0, 10))
    else:
        end = start + datetime.timedelta(days=rng.randint(30, 240))
    if status == Status.COMPLETED and end > DEMO_TODAY:
        status = Status.ONGOING
    people = rng.choice([50, 80, 120, 200, 300, 450, 600, 1000, 1500, 2500])
    spec = _project(
        # "người dân quận Ninh Kiều": the kind of district in lower case mid-title.
        title.format(district=place[0].lower() + place[1:]),
        title_en.format(district_en=DISTRICTS[place]),
        modality=modality,
        currency=currency,
        amount=_round(in_currency, currency),
        committed_on=committed_on,
        partner=(name, country),
        country=country,
        sectors=list(sectors),
        unit=rng.choice(units),
        status=status,
        district=district,
        start=None if status == Status.PIPELINE else start,
        end=None if status == Status.PIPELINE else end,
        beneficiaries="Khoảng {} {}".format(f"{people:,}".replace(",", "."), beneficiaries),
        visibility=PUBLIC if rng.random() < PUBLIC_SHARE else INTERNAL,
    )
    spec["disbursements"] = _generated_disbursements(rng, spec)
    return spec


def _generated_disbursements(rng, spec):
    """None for a quarter of the projects and for those not yet under way; else 1–4
    (one unless an NGO project) while the project runs and by DEMO_TODAY, in its currency
    or in VND at the day's rate, together never more than the commitment (70% of it
    while it is ongoing)."""
    if spec["status"] not in (Status.ONGOING, Status.COMPLETED, Status.SUSPENDED):
        return []
    if rng.random() < 0.25:
        return []
    first, last = spec["start_date"], min(spec["end_date"], DEMO_TODAY)
    if last < first:
        return []
    count = rng.randint(1, 4) if spec["modality"] == Modality.NGO_PROJECT else 1
    share = Decimal(1) if spec["status"] == Status.COMPLETED else Decimal("0.7")
    part = spec["commitment_amount"] * share / count
    currency, rows = spec["currency"], []
    for day in sorted(_date(rng, first, last) for _index in range(count)):
        if currency != VND and rng.random() < 0.3:
            vnd = _floor(part * DEMO_RATES.rate(currency, day), 1000)
            rows.append((day, vnd, VND, "Giải ngân bằng VND theo tỷ giá ngày giải ngân"))
        else:
            rows.append((day, _floor(part, _unit_step(currency)), currency, ""))
    return rows


def generated_projects():
    """Every generated project as a dict of field values (see ``_project``).
    Deterministic; one USD project of 2025 is adjusted so that the 216 add up to exactly
    ``OTHER_RECEIVED_USD``."""
    rng = random.Random(RANDOM_SEED)
    specs = []
    for year, count in PER_YEAR.items():
        for _index in range(count):
            specs.append(_generated_project(rng, _date(rng, D(year, 1, 2), D(year, 12, 30))))
    for _index in range(BEFORE):
        specs.append(_generated_project(rng, _date(rng, D(2019, 1, 2), D(2019, 12, 30))))
    for _index in range(IN_2026):
        specs.append(_generated_project(rng, _date(rng, D(2026, 1, 5), DEMO_TODAY)))
    for _index in range(CANCELLED):
        day = _date(rng, D(2020, 3, 1), D(2025, 10, 31))
        specs.append(_generated_project(rng, day, cancelled=True))
    _balance(specs)
    specs.sort(key=lambda spec: (spec["committed_on"], spec["title"]))
    return specs


def _balance(specs):
    """Set the largest counted USD project of LAST_YEAR so that the 216 add up to
    ``OTHER_RECEIVED_USD`` at the demo rates; its disbursements scale with it."""
    candidates = [
        spec
        for spec in specs
        if _is_other_received(spec)
        and spec["currency"] == USD
        and spec["committed_on"].year == LAST_YEAR
    ]
    chosen = max(candidates, key=lambda spec: spec["commitment_amount"])
    others = sum(
        DEMO_RATES.to_usd(spec["commitment_amount"], spec["currency"], spec["committed_on"])
        for spec in [*SEED_PROJECTS, *specs]
        if _is_other_received(spec) and spec is not chosen
    )
    old, new = chosen["commitment_amount"], OTHER_RECEIVED_USD - others
    assert new > 0, new
    chosen["commitment_amount"] = new
    chosen["disbursements"] = [
        (day, _floor(amount * new / old, 1000 if currency == VND else "0.01"), currency, note)
        for day, amount, currency, note in chosen["disbursements"]
    ]


# ---------------------------------------------------------------------------------------
# Loading.

RELATIONS = ("sectors", "disbursements", "partner", "implementing_unit", "district")


def _load_rates():
    for currency, valid_from, rate in exchange_rates():
        ExchangeRate.objects.update_or_create(
            currency=currency,
            valid_from=valid_from,
            defaults={"rate_to_vnd": rate, "source": RATE_SOURCE},
        )


def _load_partners():
    for name, (country, kind, name_vi, abbreviation) in ODA_DONORS.items():
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
    for name, country, name_vi in NGOS:
        ForeignPartner.objects.update_or_create(
            name=name,
            country=country,
            defaults={
                "kind": N,
                "name_vi": name_vi,
                "visibility": PUBLIC,
                "notes": GENERATED_NOTE,
            },
        )


def _lookups():
    units = dict(LocalUnit.objects.values_list("name", "pk"))
    sectors = dict(Sector.objects.values_list("code", "pk"))
    partners = {
        (name, country): pk
        for pk, name, country in ForeignPartner.objects.values_list("pk", "name", "country")
    }
    return units, sectors, partners


def _fields(spec, units, partners):
    fields = {key: value for key, value in spec.items() if key not in RELATIONS}
    fields["partner_id"] = partners[spec["partner"]] if spec["partner"] else None
    fields["implementing_unit_id"] = units[spec["implementing_unit"]]
    fields["district_id"] = units[spec["district"]] if spec["district"] else None
    return fields


def _load_hand_written(units, sectors, partners):
    for spec in HAND_WRITTEN:
        fields = _fields(spec, units, partners)
        project, _created = AidProject.objects.update_or_create(
            title=fields.pop("title"), defaults=fields
        )
        project.sectors.set([sectors[code] for code in spec["sectors"]])
        # Two disbursements may share a day (in kind and in cash): the whole list is
        # written again only when it differs.
        wanted = sorted(spec["disbursements"])
        existing = sorted(project.disbursements.values_list("date", "amount", "currency", "note"))
        if existing != wanted:
            project.disbursements.all().delete()
            Disbursement.objects.bulk_create(
                converted(
                    Disbursement(
                        project=project, date=day, amount=amount, currency=currency, note=note
                    )
                )
                for day, amount, currency, note in wanted
            )


def _load_generated(specs, units, sectors, partners):
    rates = RateTable()
    projects = [
        converted(AidProject(notes=GENERATED_NOTE, **_fields(spec, units, partners)), rates)
        for spec in specs
    ]
    AidProject.objects.bulk_create(projects)
    SectorLink = AidProject.sectors.through
    links, disbursements = [], []
    for project, spec in zip(projects, specs, strict=True):
        links += [
            SectorLink(aidproject_id=project.pk, sector_id=sectors[code])
            for code in spec["sectors"]
        ]
        disbursements += [
            converted(
                Disbursement(
                    project_id=project.pk, date=day, amount=amount, currency=currency, note=note
                ),
                rates,
            )
            for day, amount, currency, note in spec["disbursements"]
        ]
    SectorLink.objects.bulk_create(links)
    Disbursement.objects.bulk_create(disbursements)


def load():
    _load_rates()
    _load_partners()
    units, sectors, partners = _lookups()
    _load_hand_written(units, sectors, partners)

    specs = generated_projects()
    generated = AidProject.objects.filter(notes=GENERATED_NOTE)
    if generated.count() != len(specs):
        generated.delete()
        _load_generated(specs, units, sectors, partners)
    return {
        "exchange rates": ExchangeRate.objects.count(),
        "aid projects": AidProject.objects.count(),
        "disbursements": Disbursement.objects.count(),
    }
