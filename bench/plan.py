"""What `python -m bench` runs: the sizes and the steps, in order."""

#: name → (municipalities, years) for `samverkan generate`
SIZES = {"tiny": (2, 2), "10k": (10, 3), "100k": (30, 10), "1m": (290, 10)}
#: in the order they run (what the targets need first, the slow naive stack last, so that a run stopped early
#: keeps the most); naive_* and pyrudof are capped, the others have --fast-cap
STEPS = ["build_full", "oxigraph_load", "build_incremental", "validate_one", "validate_all", "queries",
         "network_municipality", "network_national", "report", "serve_start", "load", "pages", "first_paint",
         "sparql_peer", "pyrudof_validate", "naive_build", "naive_validate_all", "naive_queries"]
CAPPED = {"naive_build", "naive_validate_all", "naive_queries", "pyrudof_validate"}
