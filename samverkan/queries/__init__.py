"""Named SPARQL queries (queries/*.rq): list them, bind parameters as RDF terms, run them, format the rows."""

from .catalog import NamedQuery, QueryParam, UnknownQuery, get_query, list_queries, parse_query_file
from .params import ParamError, bind_params
from .result import QueryResult
from .run import PAGE_SIZE, page_keys, prefer_language, run_named, run_sparql

__all__ = [
    "PAGE_SIZE", "NamedQuery", "ParamError", "QueryParam", "QueryResult", "UnknownQuery", "bind_params", "get_query",
    "list_queries", "page_keys", "parse_query_file", "prefer_language", "run_named", "run_sparql",
]
