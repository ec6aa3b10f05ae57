"""The graph as resources for the JSON API and the web pages: agreements (with their areas → initiatives →
commitments), organisations, forums, themes, a filterable commitment list, search, and any thing's statements.

One function per question; the API serialises its dicts as JSON and the pages render the same dicts, so both
show the same facts. Labels are in `lang`. Each function runs a fixed, small number of SPARQL queries (never
one per item). Validation reports are cached per store state (see `validation`).

Modules: cache (answers and validation reports per store state), agreements, commitment_list,
organisations (organisations and forums), theme_list, lookup (search, statements, page_kind, describe),
common (shared helpers)."""

from .agreements import agreement_detail, agreement_list
from .cache import cached, completeness, forget, freeze, resolved, store_state, validation, validation_summary
from .choices import choices
from .commitment_list import MISSING, commitments
from .common import is_iri
from .documents import document, document_text, line_span
from .lists import forums as forum_list
from .lists import methods as method_list
from .lists import organisations as organisation_list
from .lists import police_areas as police_area_list
from .lookup import describe, page_kind, search, statements
from .organisations import INVERSE_ROLES, ROLES, forum, organisation
from .theme_list import themes

__all__ = [
    "INVERSE_ROLES",
    "MISSING",
    "ROLES",
    "agreement_detail",
    "agreement_list",
    "cached",
    "choices",
    "commitments",
    "completeness",
    "describe",
    "document",
    "document_text",
    "forget",
    "forum",
    "forum_list",
    "freeze",
    "is_iri",
    "line_span",
    "organisation",
    "organisation_list",
    "police_area_list",
    "method_list",
    "page_kind",
    "resolved",
    "search",
    "statements",
    "store_state",
    "themes",
    "validation",
    "validation_summary",
]
