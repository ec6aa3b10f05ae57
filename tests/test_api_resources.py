"""The JSON API's resources on the seed graph: what a coordinator would look up, checked against the
source documents (seed 002 = Borås 2015, seed 003 = Mark 2022–2024)."""

from __future__ import annotations

import pytest

from conftest import app_client
from samverkan.store import EmbeddedStore

ID = "https://w3id.org/samverkan/id/"


@pytest.fixture(scope="module")
def client(seed_store):
    with app_client(seed_store) as test_client:
        yield test_client


def test_agreement_list_has_the_seed_agreements_with_parties_and_completeness(client):
    body = client.get("/api/agreements").json()
    by_slug = {a["slug"]: a for a in body["items"]}
    assert {"boras-2015", "boras-2021-2023", "mark-2022-2024"} <= set(by_slug)
    assert body["total"] == len(body["items"])
    boras = by_slug["boras-2015"]
    # "Borås den 14 december 2015"; parties Borås Stad and lokalpolisområde Borås
    assert boras["signed"] == "2015-12-14"
    assert boras["source_label"].startswith("Samverkansöverenskommelse mellan Borås Stad")
    assert {p["id"] for p in boras["parties"]} == {ID + "org/boras-stad", ID + "org/polisen/lpo-boras"}
    assert boras["period"]["until_further_notice"] is True  # "Överenskommelsen gäller tills vidare"
    assert by_slug["mark-2022-2024"]["period"]["start"] == "2022"
    for agreement in body["items"]:
        score = agreement["completeness"]["score"]
        assert score is None or 0 <= score <= 100


def test_mark_is_less_complete_than_boras_2015(client):
    # Mark's document lists commitments with no timeframe, measure or follow-up; Borås 2015 has a
    # timeframe and most measures in its åtagandeplan.
    scores = {a["slug"]: a["completeness"]["score"] for a in client.get("/api/agreements").json()["items"]}
    assert scores["mark-2022-2024"] < scores["boras-2015"]


@pytest.mark.parametrize("limit, offset, expected", [(1, 0, 1), (2, 1, 2), (100, 100, 0)])
def test_lists_paginate(client, limit, offset, expected):
    body = client.get("/api/agreements", params={"limit": limit, "offset": offset}).json()
    assert (body["limit"], body["offset"], len(body["items"])) == (limit, offset, expected)
    assert body["total"] >= 3


@pytest.mark.parametrize("ident", ["boras-2015", ID + "agreement/boras-2015", "agreement/boras-2015"])
def test_agreement_accepts_slug_path_or_iri(client, ident):
    response = client.get(f"/api/agreements/{ident}")
    assert response.status_code == 200, response.text
    assert response.json()["id"] == ID + "agreement/boras-2015"


def test_agreement_tree_follows_the_atagandeplan(client):
    body = client.get("/api/agreements/boras-2015").json()
    # the åtagandeplan's four numbered sections, in order
    assert [a["label"] for a in body["areas"]] == [
        "Struktur för det brottsförebyggande arbetet", "En trygg stad för alla",
        "Arbete mot alkohol, narkotika, tobak och dopning", "Motarbete organiserad brottslighet"]
    struktur = body["areas"][0]
    assert [i["label"] for i in struktur["initiatives"]][:2] == [
        "Samordning av det brottsförebyggande arbetet genom centrala och lokala BRÅ",
        "SSPF – skola, socialtjänst, polisen och fritid"]
    commitments = [c for a in body["areas"] for i in a["initiatives"] for c in i["commitments"]]
    # each row has the municipality's and the police's commitment; the Uppföljning column is empty
    parties = {p["id"] for c in commitments for p in c["parties"]}
    assert parties == {ID + "org/boras-stad", ID + "org/polisen/lpo-boras"}
    # issue 13: no follow-up of its own, but a planned one: the council's yearly follow-up; none recorded
    assert all(c["follow_up"] is None and "follow-up" not in c["missing"] for c in commitments)
    assert {(c["planned_follow_up_kind"], c["planned_follow_up"]) for c in commitments} == {
        ("agreement", "Brottsförebyggande rådet (Borås): Årligen")}
    assert all(c["follow_up_done"] == [] for c in commitments)
    first = struktur["initiatives"][0]["commitments"]
    kommun = next(c for c in first if c["parties"][0]["id"] == ID + "org/boras-stad")
    assert kommun["label"] == "Samordna och medverka i BRÅ."
    assert kommun["timeframe"] == "Löpande under perioden för samverkansöverenskommelsen"
    assert kommun["source"]["document"]["id"] == ID + "document/boras-2015"
    assert kommun["source"]["document"]["label"].startswith("Samverkansöverenskommelse mellan Borås Stad och Polismyndigheten")
    assert kommun["source"]["location"].startswith("Åtagandeplan, 1.")
    # "Brottsförebyggande rådet i Borås är processägare och ansvarar för att följa upp"
    assert ID + "forum/boras/brottsforebyggande-radet" in {f["id"] for f in body["followed_up_by"]}


def test_parties_and_commitments_know_their_side(client):
    body = client.get("/api/agreements/boras-2015").json()
    # seed 002: the municipality's and the police's commitment side by side in the Trafik row
    assert [(p["id"], p["side"]) for p in body["parties"]] == [
        (ID + "org/boras-stad", "municipality"), (ID + "org/polisen/lpo-boras", "police")]
    trafik = next(i for a in body["areas"] for i in a["initiatives"] if i["id"].endswith("/initiative/trafik"))
    assert {c["id"].rsplit("/", 1)[-1]: c["sides"] for c in trafik["commitments"]} == {
        "trafik-kommun": ["municipality"], "trafik-polisen": ["police"]}


def test_agreement_has_its_signatures_and_validation_summary(client):
    body = client.get("/api/agreements/boras-2015").json()
    # seed 002 lines 31-37: signed in Borås by Ulf Olsson and Tomas Jansson
    assert body["signed_at"] == "Borås"
    assert {(s["signatory"]["label"], s["on_behalf_of"]["id"]) for s in body["signatures"]} == {
        ("Ulf Olsson", ID + "org/boras-stad"), ("Tomas Jansson", ID + "org/polisen/lpo-boras")}
    report = client.get("/api/validation", params={"agreement": "boras-2015"}).json()["agreements"][0]
    assert body["validation"]["conforms"] == report["conforms"]
    assert body["completeness"] == report["completeness"]


def test_trafik_commitment_names_the_responsible_administration(client):
    # "Tekniska förvaltningen ansvarar för fysiska åtgärder." (Trafik row)
    body = client.get("/api/commitments", params={"agreement": "boras-2015"}).json()
    trafik = next(c for c in body["items"] if c["id"].endswith("/commitment/trafik-kommun"))
    assert ID + "org/boras-stad/tekniska-forvaltningen" in {r["id"] for r in trafik["responsible"]}


@pytest.mark.parametrize("params, check", [
    ({"agreement": "mark-2022-2024", "missing": "measure"},
     lambda items: items and all(c["agreement"]["id"].endswith("mark-2022-2024") and c["measure"] is None for c in items)),
    # issue 13: the council's yearly follow-up covers all 38 of Borås 2015; seed 003 gives Mark none of any kind
    ({"agreement": "boras-2015", "missing": "follow-up"}, lambda items: items == []),
    ({"agreement": "mark-2022-2024", "missing": "follow-up"}, lambda items: len(items) == 28),
    ({"agreement": "boras-2015", "party": "org/polisen/lpo-boras"},
     lambda items: len(items) == 19 and all(p["id"].endswith("lpo-boras") for c in items for p in c["parties"])),
    ({"theme": "trafik", "agreement": "boras-2015"},
     lambda items: any(c["id"].endswith("/commitment/trafik-kommun") for c in items)  # the Trafik row
     and all(ID + "theme/trafik" in c["all_themes"] for c in items)),
    ({"area": ID + "agreement/boras-2015/area/andt"},
     lambda items: items and all(c["area"]["label"].startswith("Arbete mot alkohol") for c in items)),
])
def test_commitment_filters(client, params, check):
    response = client.get("/api/commitments", params={**params, "limit": 1000})
    assert response.status_code == 200, response.text
    assert check(response.json()["items"])


def test_organisation_across_agreements_and_forums(client):
    body = client.get("/api/organisations/org/polisen/lpo-boras").json()
    # lokalpolisområde Borås signs with both Borås (seed 002) and Mark (seed 003)
    assert {ID + "agreement/boras-2015", ID + "agreement/mark-2022-2024"} <= {a["id"] for a in body["party_to"]}
    assert ID + "forum/boras/brottsforebyggande-radet" in {f["id"] for f in body["participates_in"]}
    assert all(ID + "org/polisen/lpo-boras" in {p["id"] for p in c["parties"]} for c in body["commitments"])
    assert body["part_of"][0]["id"] == ID + "org/polisen"


def test_organisation_coordinating_bra(client):
    # "Fritids- och folkhälsoförvaltningen har samordningsansvar för centrala BRÅ"
    body = client.get("/api/organisations/fritids-och-folkhalsoforvaltningen").json()
    assert ID + "forum/boras/brottsforebyggande-radet" in {f["id"] for f in body["coordinates"]}


def test_forum_members_and_coordinator(client):
    body = client.get("/api/forums/forum/boras/brottsforebyggande-radet").json()
    assert ID + "org/boras-stad/fritids-och-folkhalsoforvaltningen" in {o["id"] for o in body["coordinated_by"]}
    assert ID + "org/polisen/lpo-boras" in {o["id"] for o in body["participants"]}
    assert body["members"] and body["meeting_frequency"]


def test_themes_list(client):
    body = client.get("/api/themes").json()
    trafik = next(t for t in body["items"] if t["id"] == ID + "theme/trafik")
    assert trafik["label"] == "Trafik" and trafik["initiatives"] >= 1


@pytest.mark.parametrize("lang, label", [("sv", "Barn och unga i riskzon"), ("en", "Children and youth at risk")])
def test_labels_follow_lang(client, lang, label):
    labels = {t["label"] for t in client.get("/api/themes", params={"lang": lang}).json()["items"]}
    assert label in labels


@pytest.mark.parametrize("path", ["/api/agreements/stockholm-1999", "/api/organisations/org/nowhere",
                                  "/api/forums/forum/boras/nothing-here", "/api/commitments?agreement=nope-2000"])
def test_unknown_ids_are_404_naming_what_was_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail["error"] == "not found" and detail["value"] in path


@pytest.mark.parametrize("path, field", [
    ("/api/agreements?limit=0", "limit"), ("/api/agreements?offset=-1", "offset"),
    ("/api/themes?lang=de", "lang"), ("/api/commitments?missing=budget", "missing"),
    ("/api/agreements/boras-2015?lang=fi", "lang"),
])
def test_bad_params_are_422_naming_the_field(client, path, field):
    response = client.get(path)
    assert response.status_code == 422
    assert field in {e["loc"][-1] for e in response.json()["detail"]}


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/agreements", "/api/commitments", "/sparql", "/api/validation"} <= set(paths)


def test_cors_allows_reading_from_other_origins(client):
    response = client.get("/api/themes", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 400  # writes are not offered cross-origin
