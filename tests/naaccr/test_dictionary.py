from registry.naaccr import dictionary, lookups


def test_v26_has_771_items_at_the_right_levels():
    d = dictionary.current()
    assert len(d) == 771
    levels = {lvl: len(d.at_level(lvl)) for lvl in dictionary.LEVELS}
    assert levels == {"NaaccrData": 5, "Patient": 49, "Tumor": 717}
    assert d["patientIdNumber"].level == "Patient"
    assert d["dateOfLastContact"].level == "Patient"
    assert d["primarySite"].level == "Tumor" and d["primarySite"].number == 400 and d["primarySite"].length == 4
    assert d["registryId"].level == "NaaccrData"
    assert d["dateOfDiagnosis"].data_type == "date"
    assert d["patientIdNumber"].padding == "leftZero"
    assert d["textRemarks"].record_types == frozenset("AM")
    assert d.by_number(390).naaccr_id == "dateOfDiagnosis"


def test_every_base_version_loads():
    sizes = {v: len(dictionary.base_dictionary(v)) for v in dictionary.BASE_VERSIONS}
    assert sizes["140"] == 527 and sizes["180"] == 772 and sizes["250"] == 780
    assert dictionary.base_dictionary("18")["primarySite"].start_column == 554
    assert dictionary.base_dictionary("260")["primarySite"].start_column is None


def test_user_dictionaries_and_uris():
    user = dictionary.default_user_dictionary("210")
    assert user.is_user and "npcrSpecificField" in user
    assert dictionary.dictionary_for_uri("http://naaccr.org/naaccrxml/naaccr-dictionary-250.xml").version == "250"
    assert dictionary.dictionary_for_uri("http://example.org/other.xml") is None
    assert not dictionary.current().is_user


def test_lookups_give_codes_with_labels():
    assert lookups.codes("sexAssignedAtBirth")["2"].lower().startswith("female")
    assert lookups.label("primarySite", "C504") == "Upper-outer quadrant of breast"
    assert lookups.codes("histologicTypeIcdO3")["8500"]
    assert lookups.codes("nameLast") is None
