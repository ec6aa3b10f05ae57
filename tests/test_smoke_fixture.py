def test_seed_store_has_agreements(seed_store):
    rows = seed_store.select("SELECT ?a WHERE { ?a a <https://w3id.org/samverkan/ontology#Agreement> }")
    assert len(rows) >= 3
