"""The network's words: node types from ontology classes, relations from properties, their labels and colours."""

from __future__ import annotations

from ..i18n import gettext
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

#: the relations, and the node types in the order legends list them; their words are the catalogue's
#: `net_rel_<relation>` and `net_type_<type>` (the network page uses the same entries)
RELATION_LABELS = ("coordinates", "leads", "responsible_for", "participates_in", "supports", "follows_up", "member_of",
                   "unit_of", "administration_of", "commits_to", "party_to", "uses_method", "forum_of", "part_of",
                   "in_area", "in_agreement", "works_with")

TYPE_LABELS = ("municipality", "police", "committee", "administration", "company", "agency", "organisation", "council",
               "steering_group", "collaboration_group", "network", "forum", "method", "agreement", "area", "initiative",
               "commitment")

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
    """The relation in words, in the reader's language (its own name when the catalogue has none)."""
    return _word("net_rel_", relation, lang)


def type_label(kind: str, lang: str = "sv") -> str:
    """A node type in words, in the reader's language (its own name when the catalogue has none)."""
    return _word("net_type_", kind, lang)


def _word(prefix: str, name: str, lang: str) -> str:
    word = gettext(prefix + name, lang)
    return name if word == prefix + name else word
