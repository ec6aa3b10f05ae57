"""`samverkan new agreement`: a ready-to-fill source file that builds and validates as it is."""

from __future__ import annotations

import re

from ..i18n import Worded
from .model import Draft
from .orgs import OrgDirectory, municipality_short
from .writer import PREFIXES, _TYPES, lit, section


def parse_period(period: str) -> tuple[str, str]:
    """"2025-2027" or "2025" → (start, end)."""
    m = re.fullmatch(r"\s*((?:19|20)\d\d)\s*(?:[-–/]\s*((?:19|20)?\d\d))?\s*", period)
    if not m:
        raise Worded("ing_err_period_form", "--period", value=repr(period))
    start, end = m.group(1), m.group(2) or m.group(1)
    if len(end) == 2:
        end = start[:2] + end
    if int(end) < int(start):
        raise Worded("ing_err_period_order", "--period", start=start, end=end)
    return start, end


def new_agreement(municipality: str, police_area: str, period: str, directory: OrgDirectory | None = None) -> str:
    """The Turtle text of a new, empty agreement between `municipality` and `police_area`."""
    if not municipality.strip() or not police_area.strip():
        raise Worded("ing_err_parties")
    directory = directory or OrgDirectory.load()
    start, end = parse_period(period)
    muni = directory.party(municipality, police=False)
    police = directory.party(police_area, police=True)
    years = start if start == end else f"{start}-{end}"
    slug = f"{municipality_short(muni.label)}-{years}"
    a = f"agreement/{slug}"
    span = start if start == end else f"{start}–{end}"
    draft = Draft(slug, f"Samverkansöverenskommelse {muni.label} och {police.label} {span}", [muni, police], "", "")
    declared = [o for o in draft.parties if o.declare]
    out = [
        f"# Samverkansöverenskommelse mellan {muni.label} och {police.label}, {span}.",
        "# Fill in what the agreement says; leave out what it does not say (validation then reports the gap).",
        "# Remove the `#` in front of a line to use it. Build: samverkan build --store S THIS-FILE.ttl",
        "# Fyll i det överenskommelsen säger; utelämna det den inte säger (valideringen visar luckorna).",
        PREFIXES,
        section("The agreement / Överenskommelsen"),
        f"<{a}> a sam:Agreement ;",
        f"    rdfs:label {lit(draft.label)} ;",
        "    # dcterms:description \"Överenskommelsens syfte och gemensamma mål, med dokumentets ord.\"@sv ;",
        f"    sam:party <{muni.iri}> , <{police.iri}> ;      # the parties / parterna",
        f"    sam:periodStart \"{start}\"^^xsd:gYear ;",
        f"    sam:periodEnd \"{end}\"^^xsd:gYear ;",
        "    # sam:revision \"När och hur överenskommelsen revideras.\"@sv ;",
        "    # sam:signedOn \"2025-01-31\"^^xsd:date ;            # date of signing / datum för underskrift",
        "    # sam:signedAt \"Ort\"@sv ;                            # place of signing / ort",
        "    # sam:followUpFrequency \"Årligen\"@sv ;              # how often it is followed up",
        f"    # sam:signature <{a}/signature/{muni.iri.rsplit('/', 1)[-1]}> ;",
        f"    # sam:goal <{a}/goal/tryggheten-ska-oka> ;",
        f"    prov:wasDerivedFrom <document/{slug}> ;              # the source document / källdokumentet",
        "    sam:sourceLocation \"Rubrik och inledning\" .",
        "",
        f"<document/{slug}> a sam:SourceDocument ;",
        f"    dcterms:title {lit(draft.label)} .             # the document's own title",
    ]
    if declared:
        out.append(section("Organisations not yet in graph/organisations/ (move them there when confirmed)"))
        for o in declared:
            parent = f" ;\n    org:unitOf <{o.parent}>" if o.parent else ""
            out.append(f"<{o.iri}> a {_TYPES[o.kind]} ;\n    rdfs:label {lit(o.label)}{parent} .\n")
    out += [
        section("Who follows up / Uppföljning"),
        f"# <{muni.iri}> sam:followsUp <{a}> .",
        section("Signatures / Underskrifter"),
        f"# <{a}/signature/{muni.iri.rsplit('/', 1)[-1]}> a sam:Signature ;",
        f"#     sam:inAgreement <{a}> ;",
        "#     sam:signatory <person/fornamn-efternamn> ;",
        "#     sam:post \"Kommunstyrelsens ordförande\"@sv ;",
        f"#     sam:onBehalfOf <{muni.iri}> .",
        "# <person/fornamn-efternamn> a foaf:Person ; rdfs:label \"Förnamn Efternamn\" .",
        section("Focus areas / Samverkansområden (one block per area)"),
        f"# <{a}/area/trygga-offentliga-miljoer> a sam:FocusArea ;",
        f"#     sam:inAgreement <{a}> ;",
        "#     rdfs:label \"Trygga offentliga miljöer\"@sv ;",
        "#     sam:theme <theme/trygga-offentliga-miljoer> ;      # a national theme from graph/themes.ttl",
        f"#     prov:wasDerivedFrom <document/{slug}> ;",
        "#     sam:sourceLocation \"Samverkansområden\" ; sam:sourceLines \"12-14\" .",
        section("Initiatives / Insatser (optional: when the document groups commitments)"),
        f"# <{a}/initiative/trygghetsvandringar> a sam:Initiative ;",
        f"#     sam:inAgreement <{a}> ; sam:focusArea <{a}/area/trygga-offentliga-miljoer> ;",
        "#     rdfs:label \"Trygghetsvandringar\"@sv ;",
        f"#     prov:wasDerivedFrom <document/{slug}> ; sam:sourceLocation \"Åtagandeplan\" .",
        section("Commitments / Åtaganden (one block per commitment; a joint one names both parties)"),
        f"# <{a}/commitment/kommun-trygghetsvandringar> a sam:Commitment ;",
        f"#     sam:inAgreement <{a}> ;",
        f"#     sam:focusArea <{a}/area/trygga-offentliga-miljoer> ;",
        f"#     sam:committedBy <{muni.iri}> ;                  # or: <{muni.iri}> , <{police.iri}>",
        "#     rdfs:label \"Samordna årliga trygghetsvandringar\"@sv ;   # the commitment in the document's words",
        "#     sam:timeframe \"Löpande under perioden\"@sv ;       # tidsplan",
        "#     sam:activityMeasure \"Antal genomförda trygghetsvandringar\"@sv ;   # aktivitetsmått",
        "#     sam:followUp \"Årligen i brottsförebyggande rådet\"@sv ;          # uppföljning",
        f"#     prov:wasDerivedFrom <document/{slug}> ;",
        "#     sam:sourceLocation \"Samverkansområden: Trygga offentliga miljöer\" ; sam:sourceLines \"20\" .",
    ]
    return "\n".join(out) + "\n"
