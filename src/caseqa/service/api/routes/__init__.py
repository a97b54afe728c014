"""The API's routes, one module per resource; each stays thin and leaves the work to caseqa."""
