"""Service stage: takes settings; gives the engine in service, background rebuilds, the HTTP API and the web page."""
