"""Corpus stage: takes source files and ``sources.toml``; gives validated ``Source`` records and their stored text."""
