"""The network's words: node types from ontology classes, relations from properties, their labels and colours."""

from __future__ import annotations

from ..namespaces import ORG, SAM

#: ontology class → (node type, node group)
CLASS_TYPES: dict[str, tuple[str, str]] = {
    SAM + "Municipality": ("municipality", "actor"),
    SAM + "PoliceAuthority": ("police", "actor"),
    SAM + "PoliceArea": ("police", "actor"),
    SAM + "PoliceUnit": ("police", "actor"),
    SAM + "Committee": ("committee", "actor"),
    SAM + "Administration": ("administration", "actor"),
    SAM + "MunicipalCompany": ("company", "actor"),
    SAM + "Company": ("company", "actor"),
    SAM + "Agency": ("agency", "actor"),
    SAM + "Council": ("council", "forum"),
    SAM + "SteeringGroup": ("steering_group", "forum"),
    SAM + "CollaborationGroup": ("collaboration_group", "forum"),
    SAM + "Network": ("network", "forum"),
}

#: root class (the query's subClassOf* target) → (type, group) for classes not named above
ROOT_GROUPS: dict[str, tuple[str, str]] = {
    ORG + "Organization": ("organisation", "actor"),
    ORG + "FormalOrganization": ("organisation", "actor"),
    ORG + "OrganizationalUnit": ("organisation", "actor"),
    SAM + "Forum": ("forum", "forum"),
    SAM + "WorkingMethod": ("method", "method"),
    SAM + "Agreement": ("agreement", "agreement"),
    SAM + "FocusArea": ("area", "area"),
    SAM + "Initiative": ("initiative", "initiative"),
    SAM + "Commitment": ("commitment", "commitment"),
}

FORUM_TYPES = {"council", "steering_group", "collaboration_group", "network", "forum"}

#: property → relation name; relations in REVERSED run from the property's object to its subject
PREDICATE_RELATIONS: dict[str, str | None] = {
    SAM + "coordinates": "coordinates",
    SAM + "leads": "leads",
    SAM + "responsibleFor": "responsible_for",
    SAM + "participatesIn": "participates_in",
    SAM + "supports": "supports",
    SAM + "followsUp": "follows_up",
    ORG + "unitOf": "unit_of",
    ORG + "subOrganizationOf": "unit_of",
    SAM + "administrationOf": "administration_of",
    SAM + "committedBy": "commits_to",
    SAM + "party": "party_to",
    SAM + "usesMethod": "uses_method",
    SAM + "forumOf": "forum_of",
    SAM + "initiative": "part_of",
    SAM + "focusArea": "in_area",
    SAM + "inAgreement": "in_agreement",
}
REVERSED = {"commits_to", "party_to"}

#: relations between actors and forums: the `actors` view keeps only these
ACTOR_RELATIONS = {"coordinates", "leads", "responsible_for", "participates_in", "supports", "follows_up",
                   "member_of", "unit_of", "administration_of"}

RELATION_LABELS: dict[str, tuple[str, str]] = {
    "coordinates": ("samordnar", "coordinates"),
    "leads": ("leder", "leads"),
    "responsible_for": ("ansvarar för", "is responsible for"),
    "participates_in": ("deltar i", "participates in"),
    "supports": ("stödjer", "supports"),
    "follows_up": ("följer upp", "follows up"),
    "member_of": ("är medlem i", "is member of"),
    "unit_of": ("är en del av", "is part of"),
    "administration_of": ("är förvaltning åt", "is the administration of"),
    "commits_to": ("åtar sig", "commits to"),
    "party_to": ("är part i", "is party to"),
    "uses_method": ("använder", "uses"),
    "forum_of": ("är forum för", "is a forum of"),
    "part_of": ("ingår i", "is part of"),
    "in_area": ("hör till området", "belongs to the area"),
    "in_agreement": ("hör till", "belongs to"),
    "works_with": ("samverkar med", "works with"),
}

TYPE_LABELS: dict[str, tuple[str, str]] = {
    "municipality": ("Kommun", "Municipality"),
    "police": ("Polis", "Police"),
    "committee": ("Nämnd", "Committee"),
    "administration": ("Förvaltning", "Administration"),
    "company": ("Bolag", "Company"),
    "agency": ("Myndighet", "Agency"),
    "organisation": ("Organisation", "Organisation"),
    "council": ("Råd", "Council"),
    "steering_group": ("Styrgrupp", "Steering group"),
    "collaboration_group": ("Samverkansgrupp", "Collaboration group"),
    "network": ("Nätverk", "Network"),
    "forum": ("Forum", "Forum"),
    "method": ("Arbetsmetod", "Working method"),
    "agreement": ("Överenskommelse", "Agreement"),
    "area": ("Fokusområde", "Focus area"),
    "initiative": ("Insats", "Initiative"),
    "commitment": ("Åtagande", "Commitment"),
}

#: colour per node type (colour-blind-safe Okabe–Ito and Tableau tones; forums in greens)
TYPE_COLOURS: dict[str, str] = {
    "municipality": "#0072B2",
    "police": "#1F3A93",
    "committee": "#56B4E9",
    "administration": "#8FD3F5",
    "company": "#CC79A7",
    "agency": "#E69F00",
    "organisation": "#999999",
    "council": "#009E73",
    "steering_group": "#006D4F",
    "collaboration_group": "#5CC8A0",
    "network": "#B5E6CF",
    "forum": "#5CC8A0",
    "method": "#F0E442",
    "agreement": "#D55E00",
    "area": "#F5B38A",
    "initiative": "#BBBBBB",
    "commitment": "#DDDDDD",
}

TYPE_ORDER = list(TYPE_LABELS)


def relation_label(relation: str, lang: str = "sv") -> str:
    """The relation in words, in Swedish or English."""
    sv, en = RELATION_LABELS.get(relation, (relation, relation))
    return en if lang == "en" else sv


def type_label(kind: str, lang: str = "sv") -> str:
    """A node type in words, in Swedish or English."""
    sv, en = TYPE_LABELS.get(kind, (kind, kind))
    return en if lang == "en" else sv
