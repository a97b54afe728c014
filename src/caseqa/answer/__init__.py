"""Answer stage: takes a question and retrieval hits; gives cited verbatim sentences with a calibrated confidence, or an abstention."""
