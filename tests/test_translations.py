"""Every user-facing string is translated to Vietnamese, and the compiled catalogue that
ships in the repository says the same as the .po file it comes from."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(PO_FILE))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue) > 100


def test_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(PO_FILE))
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in catalogue.translated_entries():
        if entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        elif entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="gettext is not installed (apt-get install gettext); .ci/run installs it",
)
def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    # Extract from a copy of the sources, so the working tree is never touched.
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__"),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "vi",
            "--no-location",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    extracted = {entry.msgid for entry in polib.pofile(str(copy / PO_FILE.relative_to(source)))}
    committed = {entry.msgid for entry in polib.pofile(str(PO_FILE)) if not entry.obsolete}

    assert extracted - committed == set(), "run `make messages` and translate the new strings"


@pytest.mark.django_db
def test_the_spreadsheet_buttons_and_export_page_speak_vietnamese(editor_client):
    """django-import-export has no Vietnamese catalogue: ours carries its texts
    (core/library_messages.py), and "Format" means a file's format there, a conference's
    form elsewhere (a context keeps them apart)."""
    from django.urls import reverse

    html = editor_client.get(reverse("admin:delegations_delegation_changelist")).content.decode()
    assert 'class="import_link">Nhập từ tệp<' in html
    assert 'class="export_link">Xuất ra tệp<' in html

    html = editor_client.get(reverse("admin:delegations_delegation_export")).content.decode()
    assert "Định dạng" in html
    assert "Tệp xuất sẽ gồm các trường sau" in html
    assert "Hình thức tổ chức" not in html

    html = editor_client.get(reverse("conferences:conference_list")).content.decode()
    assert "Hình thức tổ chức" in html
