"""The SHACL shapes themselves: valid SHACL, bilingual messages, and one passing and one failing
minimal example per shape; broken shapes files are reported with file:line."""

from __future__ import annotations

import pyshacl
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from samverkan.errors import SourceError
from samverkan.paths import ontology_file, shapes_dir
from samverkan.validate import load_shapes

SH = Namespace("http://www.w3.org/ns/shacl#")
SAMSH = Namespace("https://w3id.org/samverkan/shapes#")

PREFIXES = """
@prefix sam:  <https://w3id.org/samverkan/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix ex:   <http://example.org/> .
"""

# A well-formed agreement with its two parties, reused by the agreement cases.
PARTIES = """
ex:m a sam:Municipality ; rdfs:label "Kommun"@sv , "Municipality"@en .
ex:p a sam:PoliceArea ; rdfs:label "Polis"@sv , "Police"@en .
"""
FOLLOWED_UP = PARTIES + """
ex:a a sam:Agreement ; sam:party ex:m , ex:p ; sam:followUpFrequency "Årligen"@sv .
ex:council sam:followsUp ex:a .
"""
NOT_FOLLOWED_UP = PARTIES + "ex:a a sam:Agreement ; sam:party ex:m , ex:p .\n"

STATUS = "<https://w3id.org/samverkan/id/follow-up-status/"
PAGAR = STATUS + "pagar>"
FOLLOW_UP = """ex:a a sam:Agreement . ex:c a sam:Commitment ; sam:inAgreement ex:a .
ex:r a sam:FollowUpReport ; prov:used ex:a ; sam:followUpYear "2016"^^xsd:gYear .
ex:s a sam:StatusRecord ; sam:aboutCommitment ex:c ; prov:wasGeneratedBy ex:r .
"""

# (shape, severity, passing data, failing data)
CASES = [
    ("AgreementLabelShape", "Violation", 'ex:a a sam:Agreement ; rdfs:label "A"@sv .', "ex:a a sam:Agreement ."),
    ("AgreementPartiesShape", "Violation", PARTIES + "ex:a a sam:Agreement ; sam:party ex:m , ex:p .",
     PARTIES + "ex:a a sam:Agreement ; sam:party ex:m ."),
    ("AgreementPartyClassShape", "Violation", PARTIES + "ex:a a sam:Agreement ; sam:party ex:m .",
     "ex:a a sam:Agreement ; sam:party ex:typo ."),
    ("AgreementMunicipalityShape", "Violation", PARTIES + "ex:a a sam:Agreement ; sam:party ex:m , ex:p .",
     PARTIES + "ex:p2 a sam:PoliceAuthority . ex:a a sam:Agreement ; sam:party ex:p , ex:p2 ."),
    ("AgreementPoliceShape", "Violation",
     PARTIES + "ex:pa a sam:PoliceAuthority . ex:a a sam:Agreement ; sam:party ex:m , ex:pa .",
     PARTIES + "ex:m2 a sam:Municipality . ex:a a sam:Agreement ; sam:party ex:m , ex:m2 ."),
    ("AgreementPeriodShape", "Warning",
     'ex:a a sam:Agreement ; sam:periodStart "2022"^^xsd:gYear ; sam:periodEnd "2024"^^xsd:gYear .',
     'ex:a a sam:Agreement ; sam:periodStart "2022"^^xsd:gYear .'),
    ("AgreementPeriodShape", "Warning", "ex:a a sam:Agreement ; sam:untilFurtherNotice true .",
     "ex:a a sam:Agreement ; sam:untilFurtherNotice false ."),
    ("AgreementSignatureShape", "Warning", "ex:a a sam:Agreement ; sam:signature ex:s .", "ex:a a sam:Agreement ."),
    ("AgreementFollowUpOwnerShape", "Warning", "ex:a a sam:Agreement . ex:c sam:followsUp ex:a .",
     "ex:a a sam:Agreement . ex:a sam:followsUp ex:c ."),
    ("AgreementFollowUpFrequencyShape", "Warning", 'ex:a a sam:Agreement ; sam:followUpFrequency "Årligen"@sv .',
     "ex:a a sam:Agreement ."),
    ("AgreementGoalShape", "Info", "ex:a a sam:Agreement ; sam:goal ex:g .", "ex:a a sam:Agreement ."),
    # a citizen promise is an agreement through the ontology's subclass axiom
    ("AgreementGoalShape", "Info", "ex:a a sam:CitizenPromise ; sam:goal ex:g .", "ex:a a sam:CitizenPromise ."),
    ("SignatureSignatoryShape", "Warning", "ex:s a sam:Signature ; sam:signatory ex:person .", "ex:s a sam:Signature ."),
    ("SignaturePartyShape", "Warning", "ex:s a sam:Signature ; sam:onBehalfOf ex:m .", "ex:s a sam:Signature ."),
    ("CommitmentTextShape", "Violation", 'ex:c a sam:Commitment ; rdfs:label "Genomföra trygghetsvandringar"@sv .',
     "ex:c a sam:Commitment ."),
    ("CommitmentPartyShape", "Violation", PARTIES + "ex:c a sam:Commitment ; sam:committedBy ex:m .",
     "ex:c a sam:Commitment ."),
    ("CommitmentPartyClassShape", "Violation", PARTIES + "ex:c a sam:Commitment ; sam:committedBy ex:p .",
     "ex:c a sam:Commitment ; sam:committedBy ex:typo ."),
    ("CommitmentAgreementShape", "Violation", "ex:a a sam:Agreement . ex:c a sam:Commitment ; sam:inAgreement ex:a .",
     "ex:c a sam:Commitment ."),
    ("CommitmentAgreementShape", "Violation", "ex:a a sam:Agreement . ex:c a sam:Commitment ; sam:inAgreement ex:a .",
     "ex:a a sam:Agreement . ex:b a sam:Agreement . ex:c a sam:Commitment ; sam:inAgreement ex:a , ex:b ."),
    ("CommitmentResponsibleShape", "Warning", "ex:c a sam:Commitment . ex:unit sam:responsibleFor ex:c .",
     "ex:c a sam:Commitment . ex:unit sam:participatesIn ex:c ."),
    ("CommitmentResponsibleShape", "Warning", "ex:c a sam:Commitment . ex:unit sam:coordinates ex:c .",
     "ex:c a sam:Commitment . ex:unit sam:supports ex:c ."),
    ("CommitmentResponsibleShape", "Warning",
     "ex:c a sam:Commitment ; sam:initiative ex:i . ex:unit sam:responsibleFor ex:i .",
     "ex:c a sam:Commitment ; sam:initiative ex:i . ex:unit sam:participatesIn ex:i ."),
    ("CommitmentTimeframeShape", "Warning", 'ex:c a sam:Commitment ; sam:timeframe "2016-2018"@sv .',
     "ex:c a sam:Commitment ."),
    ("CommitmentMeasureShape", "Warning", 'ex:c a sam:Commitment ; sam:activityMeasure "Antal möten"@sv .',
     "ex:c a sam:Commitment ."),
    # no follow-up at all: neither own nor covered by the agreement's
    ("CommitmentFollowUpShape", "Warning",
     NOT_FOLLOWED_UP + 'ex:c a sam:Commitment ; sam:inAgreement ex:a ; sam:followUp "Årsrapport"@sv .',
     NOT_FOLLOWED_UP + "ex:c a sam:Commitment ; sam:inAgreement ex:a ."),
    ("CommitmentFollowUpShape", "Warning", FOLLOWED_UP + "ex:c a sam:Commitment ; sam:inAgreement ex:a .",
     FOLLOWED_UP.replace("ex:council sam:followsUp ex:a .", "") + "ex:c a sam:Commitment ; sam:inAgreement ex:a ."),
    # covered: no own follow-up, but the agreement's owner and frequency cover it (Info, not Warning)
    ("CommitmentCoveredFollowUpShape", "Info",
     FOLLOWED_UP + 'ex:c a sam:Commitment ; sam:inAgreement ex:a ; sam:followUp "Årsrapport"@sv .',
     FOLLOWED_UP + "ex:c a sam:Commitment ; sam:inAgreement ex:a ."),
    ("CommitmentCoveredFollowUpShape", "Info", NOT_FOLLOWED_UP + "ex:c a sam:Commitment ; sam:inAgreement ex:a .",
     FOLLOWED_UP + "ex:c a sam:Commitment ; sam:inAgreement ex:a ."),
    ("InitiativeLabelShape", "Violation", 'ex:i a sam:Initiative ; rdfs:label "Trafik"@sv .', "ex:i a sam:Initiative ."),
    ("InitiativeAgreementShape", "Violation", "ex:a a sam:Agreement . ex:i a sam:Initiative ; sam:inAgreement ex:a .",
     "ex:i a sam:Initiative ."),
    ("FocusAreaLabelShape", "Violation", 'ex:f a sam:FocusArea ; rdfs:label "Trygg stad"@sv .', "ex:f a sam:FocusArea ."),
    ("FocusAreaThemeShape", "Info", "ex:t a sam:Theme . ex:f a sam:FocusArea ; sam:theme ex:t .", "ex:f a sam:FocusArea ."),
    ("GoalLabelShape", "Violation", 'ex:g a sam:Goal ; rdfs:label "Brotten ska minska"@sv .', "ex:g a sam:Goal ."),
    ("GoalIndicatorShape", "Warning", "ex:i a sam:Indicator . ex:g a sam:Goal ; sam:indicator ex:i .", "ex:g a sam:Goal ."),
    ("GoalIndicatorClassShape", "Violation", "ex:i a sam:Indicator . ex:g a sam:Goal ; sam:indicator ex:i .",
     "ex:g a sam:Goal ; sam:indicator ex:typo ."),
    ("IndicatorLabelShape", "Violation", 'ex:i a sam:Indicator ; rdfs:label "Polisanmälda brott"@sv .',
     "ex:i a sam:Indicator ."),
    # forums are found through the subclass axioms (Council, Network … ⊑ Forum)
    ("ForumLabelShape", "Violation", 'ex:f a sam:Council ; rdfs:label "BRÅ"@sv .', "ex:f a sam:Council ."),
    ("ForumCoordinatorShape", "Warning", "ex:f a sam:Network . ex:o sam:coordinates ex:f .",
     "ex:f a sam:Network . ex:o sam:participatesIn ex:f ."),
    ("ForumCoordinatorShape", "Warning", "ex:f a sam:CollaborationGroup . ex:o sam:leads ex:f .",
     "ex:f a sam:CollaborationGroup ."),
    ("ForumOfShape", "Info", "ex:f a sam:SteeringGroup ; sam:forumOf ex:m .", "ex:f a sam:SteeringGroup ."),
    ("MembershipMemberShape", "Violation", "[] a sam:Membership ; org:member ex:o ; org:organization ex:f .",
     "[] a sam:Membership ; org:organization ex:f ."),
    ("MembershipForumShape", "Violation", "[] a sam:Membership ; org:member ex:o ; org:organization ex:f .",
     "[] a sam:Membership ; org:member ex:o ."),
    ("PartyLabelShape", "Violation", 'ex:m a sam:Municipality ; rdfs:label "Marks kommun"@sv .', "ex:m a sam:Municipality ."),
    ("PartyEnglishLabelShape", "Info", 'ex:m a sam:PoliceArea ; rdfs:label "LPO Borås"@sv , "LPA Borås"@en .',
     'ex:m a sam:PoliceArea ; rdfs:label "LPO Borås"@sv .'),
    ("DerivedFromShape", "Info", "ex:i a sam:Initiative ; prov:wasDerivedFrom ex:doc .", "ex:i a sam:Initiative ."),
    ("SourceLocationShape", "Info", 'ex:g a sam:Goal ; sam:sourceLocation "Mål och indikatorer" .', "ex:g a sam:Goal ."),
    # typed values (shapes/literals.ttl): issue 16 item 7
    ("PeriodStartOnceShape", "Violation", 'ex:a a sam:Agreement ; sam:periodStart "2022"^^xsd:gYear .',
     'ex:a a sam:Agreement ; sam:periodStart "2022"^^xsd:gYear , "2020"^^xsd:gYear .'),
    ("PeriodEndOnceShape", "Violation", 'ex:a a sam:Agreement ; sam:periodEnd "2024"^^xsd:gYear .',
     'ex:a a sam:Agreement ; sam:periodEnd "2024"^^xsd:gYear , "2025"^^xsd:gYear .'),
    # issue 13: the yearly follow-up (invented minimal records; shapes/follow-up.ttl)
    ("FollowUpYearShape", "Warning", 'ex:a a sam:Agreement ; sam:yearlyFollowUp true ; sam:periodStart "2010"^^xsd:gYear ; '
     'sam:periodEnd "2010"^^xsd:gYear . ex:r prov:used ex:a ; sam:followUpYear "2010"^^xsd:gYear .',
     'ex:a a sam:Agreement ; sam:yearlyFollowUp true ; sam:periodStart "2010"^^xsd:gYear ; sam:periodEnd "2010"^^xsd:gYear .'),
    ("CommitmentStatusShape", "Warning", FOLLOW_UP + "ex:s sam:status " + PAGAR + " .", FOLLOW_UP),
    ("CommitmentOneStatusShape", "Violation", FOLLOW_UP + "ex:s sam:status " + PAGAR + " .",
     FOLLOW_UP + "ex:s sam:status " + PAGAR + " . ex:s2 a sam:StatusRecord ; sam:aboutCommitment ex:c ; "
     "prov:wasGeneratedBy ex:r ; sam:status " + STATUS + "forsenad> ."),
    ("FollowUpReportAgreementShape", "Violation", FOLLOW_UP, FOLLOW_UP.replace("prov:used ex:a ;", "")),
    ("FollowUpReportYearShape", "Violation", FOLLOW_UP, FOLLOW_UP.replace('"2016"^^xsd:gYear', '"2016"')),
    ("StatusRecordCommitmentShape", "Violation", FOLLOW_UP, FOLLOW_UP.replace("sam:aboutCommitment ex:c", "sam:aboutCommitment ex:a")),
    ("StatusRecordReportShape", "Violation", FOLLOW_UP, FOLLOW_UP.replace("prov:wasGeneratedBy ex:r", "prov:wasGeneratedBy ex:a")),
    ("StatusRecordStatusShape", "Violation", FOLLOW_UP + "ex:s sam:status " + PAGAR + " .", FOLLOW_UP + "ex:s sam:status ex:klar ."),
    ("CompletedDateShape", "Violation", FOLLOW_UP + "ex:s sam:status " + STATUS + 'genomford> ; sam:statusDate "2016-11-30"^^xsd:date .',
     FOLLOW_UP + "ex:s sam:status " + STATUS + "genomford> ."),
    ("StatusDateShape", "Violation", FOLLOW_UP + 'ex:s sam:statusDate "2016-11-30"^^xsd:date .', FOLLOW_UP + 'ex:s sam:statusDate "30/11" .'),
    ("ExplainedStatusShape", "Violation", FOLLOW_UP + "ex:s sam:status " + STATUS + 'forsenad> ; rdfs:comment "Varför"@sv .',
     FOLLOW_UP + "ex:s sam:status " + STATUS + "inte-langre-aktuell> ."),
    ("IndicatorMeasurementShape", "Violation", "ex:i a sam:Indicator . ex:v a sam:IndicatorMeasurement ; sam:measures ex:i .",
     "ex:v a sam:IndicatorMeasurement ; sam:measures ex:typo ."),
    ("MeasuredValueShape", "Violation", 'ex:v sam:measuredValue 3.5 ; sam:unit "procent"@sv .', "ex:v sam:measuredValue 3.5 ."),
    ("MeasuredValueShape", "Violation", "ex:v sam:measuredValue 12 .", 'ex:v sam:measuredValue "tolv" .'),
    ("IndicatorMeasurementValueShape", "Violation", "ex:v a sam:IndicatorMeasurement ; sam:measuredValue 3 .",
     "ex:v a sam:IndicatorMeasurement ."),
    ("IndicatorMeasurementReportShape", "Violation", "ex:r a sam:FollowUpReport . ex:v a sam:IndicatorMeasurement ; prov:wasGeneratedBy ex:r .",
     "ex:v a sam:IndicatorMeasurement ."),
]

# (shape, passing value, failing value) for the datatype shapes: ex:x <property> <value>
LITERAL_CASES = [
    ("PeriodStartDatatypeShape", '"2022"^^xsd:gYear', "2022"),
    ("PeriodStartYearFormShape", '"2022"^^xsd:gYear', '"twenty-twenty"^^xsd:gYear'),
    ("PeriodStartYearFormShape", '"2022"^^xsd:gYear', '"2019-13-45"^^xsd:gYear'),
    ("PeriodEndDatatypeShape", '"2024"^^xsd:gYear', '"2024-12-31"^^xsd:date'),
    ("PeriodEndYearFormShape", '"2024"^^xsd:gYear', '"24"^^xsd:gYear'),
    ("CoversYearDatatypeShape", '"2019"^^xsd:gYear', '"2019"'),
    ("CoversYearYearFormShape", '"2019"^^xsd:gYear', '"år 2019"^^xsd:gYear'),
    ("UntilFurtherNoticeDatatypeShape", "true", '"ja"'),
    ("UntilFurtherNoticeDatatypeShape", "false", '"ja"^^xsd:boolean'),
    ("EncodedDatatypeShape", "true", '"yes"^^xsd:boolean'),
    ("SignedOnDatatypeShape", '"2022-05-18"^^xsd:date', '"yesterday"^^xsd:date'),
    ("SignedOnDatatypeShape", '"2022-05-18"^^xsd:date', '"2022-02-30"^^xsd:date'),
    ("SignedAtDatatypeShape", '"Kinna"@sv', "42"),
    ("SignedAtDatatypeShape", '"Kinna"@sv', '"Kinna"'),
    ("RevisionDatatypeShape", '"Årligen"@sv', '"Årligen"'),
    ("ActivityMeasureDatatypeShape", '"Antal möten"@sv', "3"),
    ("FollowUpDatatypeShape", '"Årsrapport"@sv', '"Årsrapport"'),
    ("FollowUpFrequencyDatatypeShape", '"Årligen"@sv', "1"),
    ("MeetingFrequencyDatatypeShape", '"Varje månad"@sv', '"Varje månad"'),
    ("MemberDescriptionDatatypeShape", '"Ordförande"@sv', "ex:person"),
    ("PostDatatypeShape", '"Kommundirektör"@sv', '"Kommundirektör"'),
    ("TimeframeDatatypeShape", '"2016-2018"@sv', '"2016"^^xsd:gYear'),
    ("SourceLocationDatatypeShape", '"Avsnitt 3"', '"Avsnitt 3"@sv'),
    ("SourceLinesDatatypeShape", '"120-124"', "120"),
    ("SeedFileDatatypeShape", '"boras-2015.txt"', "ex:file"),
    ("GeneralKnowledgeDatatypeShape", '"Kommunens eget bolag."@sv', '"Kommunens eget bolag."'),
    ("FollowUpYearDatatypeShape", '"2016"^^xsd:gYear', '"2016"'),
    ("FollowUpYearYearFormShape", '"2016"^^xsd:gYear', '"sextio"^^xsd:gYear'),
    ("StatusDateDatatypeShape", '"2016-11-30"^^xsd:date', '"30 november"'),
    ("UnitDatatypeShape", '"procent"@sv', '"procent"'),
    ("YearlyFollowUpDatatypeShape", "true", '"ja"'),
]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def results_of(shape: str, data_ttl: str, shapes: Graph, ontology: Graph) -> list:
    data = Graph().parse(data=PREFIXES + data_ttl, format="turtle")
    data += ontology
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return [r for r in report.subjects(RDF.type, SH.ValidationResult)
            if report.value(r, SH.sourceShape) == SAMSH[shape]], report


@pytest.mark.parametrize("shape, severity, passing, failing", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_shape_passes_and_fails(shape, severity, passing, failing, shapes, ontology):
    found, _ = results_of(shape, passing, shapes, ontology)
    assert found == [], f"{shape} should accept:\n{passing}"
    found, report = results_of(shape, failing, shapes, ontology)
    assert found, f"{shape} should reject:\n{failing}"
    assert {report.value(r, SH.resultSeverity) for r in found} == {SH[severity]}


@pytest.mark.parametrize("shape, passing, failing", LITERAL_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(LITERAL_CASES)])
def test_datatype_shape_passes_and_fails(shape, passing, failing, shapes, ontology):
    """Issue 16 item 7: a value of the wrong datatype, or an ill-formed one, is a Violation."""
    prop = shapes.value(SAMSH[shape], SH.path)
    for value, expected in ((passing, False), (failing, True)):
        found, report = results_of(shape, f"ex:x <{prop}> {value} .", shapes, ontology)
        assert bool(found) is expected, f"{shape} on {value}"
        assert all(report.value(r, SH.resultSeverity) == SH.Violation for r in found)


def test_every_shape_with_a_target_has_cases(shapes):
    targeted = {str(s)[len(str(SAMSH)):] for p in (SH.targetClass, SH.targetSubjectsOf) for s in shapes.subjects(p, None)}
    assert targeted == {c[0] for c in CASES} | {c[0] for c in LITERAL_CASES}
    by_property = {str(s)[len(str(SAMSH)):] for s in shapes.subjects(SH.targetSubjectsOf, None)}
    assert {c[0] for c in LITERAL_CASES} <= by_property


def test_every_datatype_property_of_the_ontology_has_a_datatype_shape(shapes):
    """Issue 16 item 7: the shapes check the range the ontology gives every datatype property that data
    carries (the build's own bookkeeping properties, its records and the stored validation summaries, are
    written by the build, not by people)."""
    from samverkan.sources import ontology_ranges

    bookkeeping = {"contentHash", "sourcePath", "sourceStamp", "tripleCount",
                   "summaryOf", "summaryYear", "validationFigures", "validationReport"}
    ranges = {p: r for p, r in ontology_ranges().items() if p.rsplit("#", 1)[1] not in bookkeeping}
    checked = {str(shapes.value(s, SH.path)): str(shapes.value(s, SH.datatype))
               for s in shapes.subjects(SH.datatype, None) if shapes.value(s, SH.targetSubjectsOf) is not None}
    # a measured value is an integer count or a decimal with a unit: one shape says both (shapes/follow-up.ttl)
    measured = "https://w3id.org/samverkan/ontology#measuredValue"
    assert ranges.pop(measured) == str(XSD.decimal)
    assert (SAMSH.MeasuredValueShape, SH.targetSubjectsOf, URIRef(measured)) in shapes
    assert checked == ranges


def test_every_shape_says_what_is_wrong_in_swedish_and_english_with_a_severity(shapes):
    for shape in set(shapes.subjects(SH.targetClass, None)):
        langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert {"sv", "en"} <= langs, shape
        assert shapes.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, shape


def test_shapes_graph_passes_shacl_shacl(shapes):
    # the check pyshacl runs for validate(..., meta_shacl=True), with its report for the message
    conforms, _, text = meta_validate(shapes, inference="none")
    assert conforms, text


def test_shacl_shacl_would_catch_a_broken_shape():
    broken = Graph().parse(data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
<http://example.org/S> a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:minCount "one" .
""", format="turtle")
    conforms, _, _ = meta_validate(broken, inference="none")
    assert not conforms


def test_one_file_per_concern():
    names = {p.stem for p in shapes_dir().glob("*.ttl")}
    assert {"agreement", "commitment", "forum", "goal"} <= names


@pytest.mark.parametrize("text, line, expected", [
    ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<a> a sh:NodeShape ;\n    sh:targetClass .\n", 4, ""),
    ("@prefix sam: <https://w3id.org/samverkan/ontology#> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
     "<a> a sh:PropertyShape ;\n  sh:targetClass sam:Commitment ;\n  sh:path sam:activityMesure .\n", 5,
     "unknown term sam:activityMesure"),
])
def test_malformed_shapes_file_is_reported_with_file_and_line(tmp_path, text, line, expected):
    bad = tmp_path / "bad.ttl"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_shapes(tmp_path)
    assert err.value.path == str(bad)
    assert err.value.line == line
    assert expected in str(err.value)
    assert str(err.value).startswith(f"{bad}:{line}")


def test_an_empty_shapes_folder_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no shapes files"):
        load_shapes(tmp_path)


def test_shape_iris_are_stable():
    # completeness figures and the web app refer to these by IRI
    assert URIRef(SAMSH.CommitmentCoveredFollowUpShape) in set(load_shapes().subjects(RDF.type, SH.NodeShape))
