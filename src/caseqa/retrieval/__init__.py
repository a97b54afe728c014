"""Retrieval stage: takes a loaded index and a query; gives ranked chunk hits from BM25, dense or fused search."""
