"""The case brief: per market, cited sentences on drivers, entry modes, outcomes and challenges."""
