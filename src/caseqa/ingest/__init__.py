"""Ingest stage: takes a source's stored text; gives its sections, sentences and chunks, each with its exact span."""
