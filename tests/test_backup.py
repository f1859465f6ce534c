"""manage.py backup and restore: a round trip gives back identical data (every row of every
model, history included, and every uploaded file), on whichever database the suite runs
(SQLite, or PostgreSQL through DATABASE_URL); a backup of the other engine, of a newer
version or with a damaged file is refused before anything changes.

These tests commit (``transaction=True``): a backup reads committed data, from another
process on PostgreSQL, and a restore replaces the whole database."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from attachments.models import Attachment
from core.backup import MANIFEST, stored_models
from delegations.models import Delegation
from tests.factories import (
    PDF_BYTES,
    AgreementFactory,
    AttachmentFactory,
    DelegationFactory,
    ForeignPartnerFactory,
    RelationshipFactory,
    SectorFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db(transaction=True)


def every_row():
    """Every row of every model as Python values, in primary-key order: computed here,
    independently of the manifest's checksums."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in stored_models()
    }


def every_file(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(command, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue()


def refused(command, *args, **options):
    with pytest.raises(CommandError) as caught:
        run(command, *args, **options)
    assert caught.value.returncode == 1
    return str(caught.value)


@pytest.fixture
def records(db):
    """Records of several kinds, with their many-to-many rows, attachments (photos and a
    document, whose files are in MEDIA_ROOT) and the attachments' history."""
    sector = SectorFactory()
    partner = ForeignPartnerFactory(public=True, name="Kaposvár", country="HU")
    RelationshipFactory(public=True, partner=partner, sectors=[sector])
    delegation = DelegationFactory(public=True, partners=[partner], sectors=[sector])
    agreement = AgreementFactory(parties=[partner], notes="Ghi chú nội bộ — Cần Thơ")
    photo = AttachmentFactory(record=delegation, public=True, caption="Ảnh đón đoàn")
    AttachmentFactory(record=agreement, data=PDF_BYTES, name="văn bản.pdf")
    AttachmentFactory(record=delegation, data=image_bytes(300, 200, "red", "PNG"))
    photo.caption_en = "Welcome"
    photo.save()  # a second history row
    return {"delegation": delegation, "photo": photo}


def test_a_round_trip_restores_identical_data_and_files(records, tmp_path, media_root):
    folder = tmp_path / "backup"
    output = run("backup", output=str(folder))
    assert "Backup written" in output
    rows_before, files_before = every_row(), every_file(media_root)
    assert rows_before["attachments.HistoricalAttachment"]  # history is part of it
    assert len(files_before) == 5  # two photos with their thumbnails, one document

    # Then things go wrong: rows changed, added and deleted, files lost and damaged.
    delegation, photo = records["delegation"], records["photo"]
    Delegation.objects.filter(pk=delegation.pk).update(title="Đã bị sửa nhầm")
    DelegationFactory()
    Attachment.objects.exclude(pk=photo.pk).delete()
    Path(photo.thumbnail.path).unlink()
    Path(photo.file.path).write_bytes(b"overwritten")
    assert every_row() != rows_before

    output = run("restore", str(folder), interactive=False)

    assert "Restored and verified" in output
    assert every_row() == rows_before
    assert every_file(media_root) == files_before
    assert Delegation.objects.get(pk=delegation.pk).title == delegation.title


def test_the_manifest_counts_and_checksums_every_model_and_file(records, tmp_path, media_root):
    folder = tmp_path / "backup"
    run("backup", output=str(folder))

    manifest = json.loads((folder / MANIFEST).read_text())

    assert manifest["engine"] == connection.vendor
    assert ["attachments", "0001_attachments_with_history"] in manifest["migrations"]
    for model in stored_models():
        assert manifest["models"][model._meta.label]["rows"] == model._base_manager.count()
    photo = records["photo"]
    assert manifest["files"][photo.file.name]["sha256"] == photo.sha256
    assert (folder / "media" / photo.file.name).read_bytes() == Path(photo.file.path).read_bytes()
    assert (folder / manifest["database"]["file"]).is_file()


def test_a_backup_does_not_overwrite_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "old.txt").write_text("keep me")

    message = refused("backup", output=str(tmp_path))

    assert "not an empty folder" in message
    assert (tmp_path / "old.txt").read_text() == "keep me"


@pytest.fixture
def backup(records, tmp_path):
    folder = tmp_path / "backup"
    run("backup", output=str(folder))
    return folder


def edit_manifest(folder, change):
    path = folder / MANIFEST
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_restore_refuses_a_damaged_backup_and_changes_nothing(backup, media_root):
    photo_file = next((backup / "media" / "attachments").rglob("*.jpg"))
    photo_file.write_bytes(photo_file.read_bytes()[:-10])
    DelegationFactory(title="Đoàn sau khi sao lưu")
    rows, files = every_row(), every_file(media_root)

    message = refused("restore", str(backup), interactive=False)

    assert "damaged" in message and photo_file.name in message
    assert every_row() == rows
    assert every_file(media_root) == files


def test_restore_refuses_a_backup_of_the_other_engine(backup):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    edit_manifest(backup, lambda manifest: manifest.update(engine=other))

    assert f"backup is of a {other} database" in refused("restore", str(backup), interactive=False)


def test_restore_refuses_a_backup_of_a_newer_version(backup):
    edit_manifest(
        backup, lambda manifest: manifest["migrations"].append(["attachments", "9999_future"])
    )

    message = refused("restore", str(backup), interactive=False)

    assert "newer version" in message and "attachments.9999_future" in message


def test_restore_refuses_a_folder_without_a_manifest(db, tmp_path):
    assert "no manifest.json" in refused("restore", str(tmp_path), interactive=False)


def test_restore_asks_first_and_a_no_changes_nothing(backup, monkeypatch):
    DelegationFactory(title="Đoàn sau khi sao lưu", start_date=datetime.date(2025, 1, 2))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    assert "cancelled" in refused("restore", str(backup))
    assert Delegation.objects.filter(title="Đoàn sau khi sao lưu").exists()


def test_restore_refuses_a_manifest_naming_a_file_outside_the_media_folder(backup, tmp_path):
    (tmp_path / "evil.txt").write_text("x")
    edit_manifest(
        backup,
        lambda manifest: manifest["files"].update(
            {"../../evil.txt": {"size": 1, "sha256": "0" * 64}}
        ),
    )

    assert "outside the media folder" in refused("restore", str(backup), interactive=False)
