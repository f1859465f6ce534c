"""Demo reference data of Can Tho (its units and the sectors of cooperation) and the demo
accounts. Names follow the city's own usage in the seeds."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import LocalUnit, Sector
from .roles import EDITORS, PUBLISHERS, VIEWERS, sync_roles

# (username, password, role). Known passwords: this exists only where load_demo ran.
DEMO_ACCOUNTS = [
    ("admin", "admin-demo", "superuser"),
    ("editor", "editor-demo", EDITORS),
    ("publisher", "publisher-demo", PUBLISHERS),
    ("viewer", "viewer-demo", VIEWERS),
]

SECTORS = [
    ("agriculture", "Nông nghiệp", "Agriculture"),
    ("tourism", "Du lịch", "Tourism"),
    ("trade", "Thương mại", "Trade"),
    ("education", "Giáo dục và đào tạo", "Education and training"),
    ("investment", "Đầu tư", "Investment"),
    ("health", "Y tế", "Health"),
    ("environment", "Môi trường", "Environment"),
    ("climate-change", "Biến đổi khí hậu", "Climate change"),
    ("biotechnology", "Công nghệ sinh học", "Biotechnology"),
    ("startups-innovation", "Khởi nghiệp và đổi mới sáng tạo", "Startups and innovation"),
    ("logistics", "Logistics", "Logistics"),
    ("culture", "Văn hóa", "Culture"),
    ("urban-infrastructure", "Hạ tầng đô thị", "Urban infrastructure"),
    ("transport", "Giao thông vận tải", "Transport"),
    ("energy", "Năng lượng", "Energy"),
    ("fisheries", "Thủy sản", "Fisheries"),
    ("science-technology", "Khoa học và công nghệ", "Science and technology"),
    ("smart-governance", "Quản trị thông minh", "Smart governance"),
]

LEADERSHIP = "Ủy ban nhân dân thành phố Cần Thơ"

# (name, English name, abbreviation, kind, parent name)
UNITS = [
    (LEADERSHIP, "Can Tho City People's Committee", "UBND TP", LocalUnit.Kind.LEADERSHIP, None),
    ("Sở Ngoại vụ", "Department of Foreign Affairs", "SNgV", LocalUnit.Kind.DEPARTMENT, LEADERSHIP),
    ("Sở Y tế", "Department of Health", "SYT", LocalUnit.Kind.DEPARTMENT, LEADERSHIP),
    (
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        "SGDĐT",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    (
        "Sở Kế hoạch và Đầu tư",
        "Department of Planning and Investment",
        "SKHĐT",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    (
        "Sở Công Thương",
        "Department of Industry and Trade",
        "SCT",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        "SNNPTNT",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "SVHTTDL",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    (
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "STNMT",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    (
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "SKHCN",
        LocalUnit.Kind.DEPARTMENT,
        LEADERSHIP,
    ),
    ("Quận Ninh Kiều", "Ninh Kieu District", "", LocalUnit.Kind.DISTRICT, LEADERSHIP),
    ("Quận Cái Răng", "Cai Rang District", "", LocalUnit.Kind.DISTRICT, LEADERSHIP),
    ("Quận Bình Thủy", "Binh Thuy District", "", LocalUnit.Kind.DISTRICT, LEADERSHIP),
    ("Huyện Phong Điền", "Phong Dien District", "", LocalUnit.Kind.DISTRICT, LEADERSHIP),
    (
        "Trung tâm Xúc tiến Thương mại và Đầu tư",
        "Trade and Investment Promotion Centre",
        "ITPC",
        LocalUnit.Kind.AGENCY,
        LEADERSHIP,
    ),
    ("Trường Đại học Cần Thơ", "Can Tho University", "CTU", LocalUnit.Kind.UNIVERSITY, None),
    (
        "Trường Đại học Y Dược Cần Thơ",
        "Can Tho University of Medicine and Pharmacy",
        "CTUMP",
        LocalUnit.Kind.UNIVERSITY,
        None,
    ),
    (
        "Công ty Cấp thoát nước Cần Thơ",
        "Can Tho Water Supply and Sewerage Company",
        "CTWASSE",
        LocalUnit.Kind.ENTERPRISE,
        None,
    ),
]


def load():
    for code, name, name_en in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for name, name_en, abbreviation, kind, parent_name in UNITS:
        parent = LocalUnit.objects.get(name=parent_name) if parent_name else None
        LocalUnit.objects.update_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "abbreviation": abbreviation,
                "kind": kind,
                "parent": parent,
            },
        )
    return {"sectors": Sector.objects.count(), "local units": LocalUnit.objects.count()}


def load_accounts():
    """Create or reset the demo accounts (passwords are set again on every run)."""
    groups = sync_roles()
    user_model = get_user_model()
    for username, password, role in DEMO_ACCOUNTS:
        user, _created = user_model.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = role == "superuser"
        user.email = f"{username}@example.invalid"
        user.set_password(password)
        user.save()
        user.groups.set([groups[role]] if role in groups else [])
    return Group.objects.count()
