"""Index stage: takes parsed documents and an embedder; gives a verified on-disk index (BM25, vectors, manifest)."""
