"""Write a Draft in the project's authoring format: Turtle relative to the id base, with short comments."""

from __future__ import annotations

import hashlib
import re

from ..slug import slugify
from .model import Commitment, Draft, Org, span
from .orgs import municipality_short

PREFIXES = """@base <https://w3id.org/samverkan/id/> .
@prefix sam:     <https://w3id.org/samverkan/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
"""

_TYPES = {"municipality": "sam:Municipality", "police_area": "sam:PoliceArea", "police": "sam:PoliceAuthority",
          "unit": "org:OrganizationalUnit", "other": "sam:Party"}


def lit(text: str, lang: str | None = "sv") -> str:
    """A Turtle string literal, escaped."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def comment(text: str) -> str:
    """Text as Turtle comment lines (one `#` line per input line)."""
    return "\n".join("# " + line if line else "#" for line in text.splitlines())


def section(title: str) -> str:
    return f"\n# --- {title} " + "-" * max(3, 92 - len(title))


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:6]


def unique_slugs(items: list, text_of, key_of, max_length: int = 50) -> list[str]:
    """Slugs from each item's text; items whose slugs collide all get a short hash of their content."""
    base = [slugify(text_of(i), max_length) or "x" for i in items]
    counts: dict[str, int] = {}
    for b in base:
        counts[b] = counts.get(b, 0) + 1
    return [b if counts[b] == 1 else f"{b}-{short_hash(key_of(i))}" for b, i in zip(base, items)]


def _statement(subject: str, kind: str, props: list[tuple[str, str | list[str]]]) -> str:
    lines = [f"<{subject}> a {kind} ;"]
    for pred, value in props:
        values = value if isinstance(value, list) else [value]
        if values:
            lines.append(f"    {pred} {' , '.join(values)} ;")
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines)


def _provenance(doc: str, location: str, lines: list[int]) -> list[tuple[str, str | list[str]]]:
    props: list[tuple[str, str | list[str]]] = [("prov:wasDerivedFrom", f"<{doc}>")]
    if location:
        props.append(("sam:sourceLocation", lit(location, None)))
    if lines:
        props.append(("sam:sourceLines", lit(span(lines), None)))
    return props


def party_short(org: Org) -> str:
    return "polisen" if org.is_police else "kommun"


def to_turtle(draft: Draft, header: str = "") -> str:
    """The draft as one source file with exactly one sam:Agreement."""
    a = f"agreement/{draft.slug}"
    doc = f"document/{draft.slug}"
    out: list[str] = []
    if header:
        out.append(comment(header))
    out.append(PREFIXES)

    out.append(section("The agreement / Överenskommelsen"))
    props: list[tuple[str, str | list[str]]] = [("rdfs:label", lit(draft.label))]
    if draft.description:
        props.append(("dcterms:description", lit(draft.description)))
    props.append(("sam:party", [f"<{p.iri}>" for p in draft.parties]))
    if draft.period_start:
        props.append(("sam:periodStart", f'"{draft.period_start}"^^xsd:gYear'))
    if draft.period_end:
        props.append(("sam:periodEnd", f'"{draft.period_end}"^^xsd:gYear'))
    if draft.until_further_notice:
        props.append(("sam:untilFurtherNotice", "true"))
    if draft.revision:
        props.append(("sam:revision", lit(draft.revision)))
    if draft.signed_on:
        props.append(("sam:signedOn", f'"{draft.signed_on}"^^xsd:date'))
    if draft.signed_at:
        props.append(("sam:signedAt", lit(draft.signed_at)))
    if draft.follow_up_frequency:
        props.append(("sam:followUpFrequency", lit(draft.follow_up_frequency)))
    if draft.follow_up:
        props.append(("rdfs:comment", lit("Uppföljning: " + draft.follow_up)))
    sig_slugs = unique_slugs(draft.signatures, lambda s: s.party.iri.rsplit("/", 1)[-1] if s.party else s.name,
                             lambda s: s.name)
    props.append(("sam:signature", [f"<{a}/signature/{s}>" for s in sig_slugs]))
    goal_slugs = unique_slugs(draft.goals, lambda g: g.label, lambda g: g.label + span(g.lines), 60)
    props.append(("sam:goal", [f"<{a}/goal/{s}>" for s in goal_slugs]))
    props += _provenance(doc, draft.location, draft.lines)
    out.append(_statement(a, "sam:Agreement", props) + "\n")

    out.append(f"<{doc}> a sam:SourceDocument ;\n    dcterms:title {lit(draft.document_title)} ;\n"
               f"    sam:seedFile {lit(draft.document_file, None)} .\n")

    declared = [o for o in [*draft.parties, *draft.extra_orgs] if o.declare]
    if declared:
        out.append(section("Organisations not yet in graph/organisations/ (move them there when confirmed)"))
        for o in declared:
            props = [("rdfs:label", lit(o.label))]
            if o.parent:
                props.append(("org:unitOf", f"<{o.parent}>"))
            out.append(_statement(o.iri, _TYPES[o.kind], props) + "\n")

    if draft.forums:
        out.append(section("Forums named in the text / Forum som texten nämner"))
        muni = next((p for p in draft.parties if not p.is_police), None)
        place = municipality_short(muni.label) if muni else draft.slug
        for f in draft.forums:
            props = [("rdfs:label", lit(f.label))]
            if muni:
                props.append(("sam:forumOf", f"<{muni.iri}>"))
            if f.follows_up:
                props.append(("sam:followsUp", f"<{a}>"))
            out.append(_statement(f"forum/{place}/{slugify(f.label)}", _forum_class(f.label),
                                  props + _provenance(doc, "Forum", f.lines)) + "\n")

    if draft.signatures:
        out.append(section("Signatures / Underskrifter"))
        for slug, s in zip(sig_slugs, draft.signatures):
            person = f"person/{slugify(s.name)}"
            props = [("sam:inAgreement", f"<{a}>"), ("sam:signatory", f"<{person}>")]
            if s.post:
                props.append(("sam:post", lit(s.post)))
            if s.party:
                props.append(("sam:onBehalfOf", f"<{s.party.iri}>"))
            if draft.signed_on:
                props.append(("sam:signedOn", f'"{draft.signed_on}"^^xsd:date'))
            if s.lines:
                props.append(("sam:sourceLines", lit(span(s.lines), None)))
            out.append(_statement(f"{a}/signature/{slug}", "sam:Signature", props))
            out.append(f"<{person}> a foaf:Person ; rdfs:label {lit(s.name, None)} .\n")

    for slug, g in zip(goal_slugs, draft.goals):
        if g is draft.goals[0]:
            out.append(section("Goals and indicators / Mål och indikatorer"))
        ind_slugs = [slugify(i, 60) for i in g.indicators]
        props = [("sam:inAgreement", f"<{a}>"), ("rdfs:label", lit(g.label)),
                 ("sam:indicator", [f"<{a}/indicator/{s}>" for s in ind_slugs])]
        out.append(_statement(f"{a}/goal/{slug}", "sam:Goal", props + _provenance(doc, g.location, g.lines)))
        for s, text in zip(ind_slugs, g.indicators):
            out.append(f"<{a}/indicator/{s}> a sam:Indicator ; rdfs:label {lit(text)} .")
        out.append("")

    area_slugs = unique_slugs(draft.areas, lambda x: x.label, lambda x: x.label + span(x.lines))
    area_iri = {id(x): f"{a}/area/{s}" for x, s in zip(draft.areas, area_slugs)}
    if draft.areas:
        out.append(section("Focus areas / Samverkansområden"))
    for x in draft.areas:
        props = [("sam:inAgreement", f"<{a}>"), ("rdfs:label", lit(x.label))]
        if x.description:
            props.append(("dcterms:description", lit(x.description)))
        out.append(_statement(area_iri[id(x)], "sam:FocusArea", props + _provenance(doc, x.location, x.lines)) + "\n")

    ini_slugs = unique_slugs(draft.initiatives, lambda x: x.label, lambda x: x.label + span(x.lines))
    ini_iri = {id(x): f"{a}/initiative/{s}" for x, s in zip(draft.initiatives, ini_slugs)}
    if draft.initiatives:
        out.append(section("Initiatives / Insatser"))
    for x in draft.initiatives:
        props = [("sam:inAgreement", f"<{a}>")]
        if x.area is not None:
            props.append(("sam:focusArea", f"<{area_iri[id(x.area)]}>"))
        props.append(("rdfs:label", lit(x.label)))
        out.append(_statement(ini_iri[id(x)], "sam:Initiative", props + _provenance(doc, x.location, x.lines)) + "\n")

    counts: dict[str, int] = {}
    for c in draft.commitments:
        for p in c.parties:
            counts[p.label] = counts.get(p.label, 0) + 1
    by = ", ".join(f"{n} by {label}" for label, n in counts.items())
    if draft.commitments:
        out.append(section(f"Commitments / Åtaganden ({by})"))
    com_slugs = unique_slugs(draft.commitments, _commitment_slug_text,
                             lambda c: c.text + "|" + ",".join(p.iri for p in c.parties) + "|" + span(c.lines))
    for slug, c in zip(com_slugs, draft.commitments):
        if c.notes:
            out.append(comment("REVIEW: " + "; ".join(c.notes)))
        props = [("sam:inAgreement", f"<{a}>")]
        if c.area is not None:
            props.append(("sam:focusArea", f"<{area_iri[id(c.area)]}>"))
        if c.initiative is not None:
            props.append(("sam:initiative", f"<{ini_iri[id(c.initiative)]}>"))
        props.append(("sam:committedBy", [f"<{p.iri}>" for p in c.parties]))
        props.append(("rdfs:label", lit(c.text)))
        if c.responsible:
            props.append(("rdfs:comment", lit("Ansvar: " + c.responsible)))
        for pred, value in (("sam:timeframe", c.timeframe), ("sam:activityMeasure", c.measure),
                            ("sam:followUp", c.follow_up)):
            if value:
                props.append((pred, lit(value)))
        out.append(_statement(f"{a}/commitment/{slug}", "sam:Commitment",
                              props + _provenance(doc, c.location, c.lines)) + "\n")
    return "\n".join(out).rstrip() + "\n"


def _forum_class(label: str) -> str:
    """sam:Council for a råd, sam:SteeringGroup for a styrgrupp or ledningsgrupp, sam:CollaborationGroup for a
    samverkans- or arbetsgrupp, else sam:Forum."""
    low = label.casefold()
    if re.search(r"råd(et)?\b", low):
        return "sam:Council"
    if re.search(r"(styr|lednings)grupp", low):
        return "sam:SteeringGroup"
    if re.search(r"(samverkans|arbets)grupp", low):
        return "sam:CollaborationGroup"
    return "sam:Forum"


def _commitment_slug_text(c: Commitment) -> str:
    who = "gemensamt" if len(c.parties) > 1 else party_short(c.parties[0]) if c.parties else ""
    return f"{who} {c.text}"
