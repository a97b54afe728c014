"""The ``caseqa`` command line: thin commands that import heavy code only when they run."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from caseqa.config import Settings
from caseqa.errors import CaseqaError

app = typer.Typer(
    help="Answer questions about case sources with cited, verbatim sentences.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Answer questions about case sources with cited, verbatim sentences."""


@app.command()
def ingest(
    doc: Annotated[str | None, typer.Option(help="Only this document (its doc_id).")] = None,
    chunks: Annotated[bool, typer.Option("--chunks", help="Print every chunk of the document(s).")] = False,
) -> None:
    """Show what will be indexed: per document, its sections, sentences, chunks and what cleaning removed."""
    from caseqa.corpus import load_sources, read_source_text
    from caseqa.ingest import parse_document
    from caseqa.records import section_label

    settings = Settings.from_env()
    sources = load_sources(settings.corpus_dir)
    if doc is not None and doc not in {s.doc_id for s in sources}:
        raise CaseqaError(f"unknown document {doc!r}; known: {', '.join(s.doc_id for s in sources)}")
    for source in sources:
        if doc is not None and source.doc_id != doc:
            continue
        text = read_source_text(settings.corpus_dir, source)
        parsed = parse_document(source, text, settings.chunk_max_words, settings.chunk_overlap_sentences)
        removed = ", ".join(f"{kind} {n}" for kind, n in sorted(parsed.removed.items())) or "nothing"
        typer.echo(f"{source.doc_id}  ({source.kind}, {source.file})")
        typer.echo(
            f"  {len(parsed.sections)} sections, {len(parsed.sentences)} sentences, {len(parsed.chunks)} chunks;"
            f" lines kept out: {removed}"
        )
        for section in parsed.sections:
            typer.echo("    " + "  " * (len(section.path) - 1) + section.path[-1])
        if chunks:
            for chunk in parsed.chunks:
                span = f"{chunk.span.start}-{chunk.span.end}"
                typer.echo(f"\n  [{chunk.chunk_id}] {section_label(chunk.section)}  chars {span}\n  {chunk.text}")
        typer.echo("")


def main() -> None:
    """Entry point: library errors become one line on stderr and exit status 1, never a traceback."""
    try:
        app()
    except CaseqaError as exc:
        typer.echo(f"caseqa: error: {exc}", err=True)
        sys.exit(1)
