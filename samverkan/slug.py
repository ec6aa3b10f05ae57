"""Slugs: lower-case ASCII, stable, derived from names (å→a, ä→a, ö→o)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str, max_length: int = 60) -> str:
    """Turn a Swedish name into an IRI slug: `Fritids- och folkhälsonämnden` → `fritids-och-folkhalsonamnden`."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
