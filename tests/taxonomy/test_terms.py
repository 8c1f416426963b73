from data_inclusion.schema import v1 as di

from allervers.taxonomy import terms


def test_it_carries_every_data_inclusion_thematique_and_public():
    assert {t.value for t in di.Thematique} <= set(terms.thematiques())
    assert {p.value for p in di.Public} <= set(terms.publics())
    assert {r.value for r in di.ReseauPorteur} <= set(terms.reseaux_porteurs())


def test_every_extension_term_maps_to_a_real_data_inclusion_term():
    di_thematiques = {t.value for t in di.Thematique} | {c.value for c in di.Categorie}
    for term in terms.thematiques().values():
        assert term.di_code in di_thematiques, term
    for term in terms.publics().values():
        assert term.di_code in {p.value for p in di.Public}, term
    for term in terms.reseaux_porteurs().values():
        # "" is a network of ours that data·inclusion has no equivalent for: exported in the detailed list only.
        assert term.di_code in {r.value for r in di.ReseauPorteur} | {""}, term


def test_no_network_tag_tells_a_partner_system_something_false():
    reference = terms.reseaux_porteurs()
    exported = {
        code: terms.to_datainclusion([code], reference)
        for code in (
            "lignes-d-ecoute-nationales",
            "gendarmerie-nationale",
            "police-nationale",
            "unites-medico-judiciaires",
        )
    }
    # The 8 helplines and the Interior ministry's online services are no France Services; the gendarmerie is no
    # Points-justice; a hospital's medico-legal unit is no centre médico-social.
    assert exported == {code: [] for code in exported}
    assert terms.to_datainclusion(["france-victimes", "cidff"], reference) == ["points-justice", "cidff"]


def test_the_public_search_offers_data_inclusion_themes_of_vulnerable_people_only():
    offered = terms.vulnerable_people_thematiques()
    assert all(term.code in {t.value for t in di.Thematique} for term in offered)
    assert {term.category for term in offered} <= {
        "difficultes-administratives-ou-juridiques",
        "famille",
        "logement-hebergement",
        "sante",
        "remobilisation",
        "equipement-et-alimentation",
    }


def test_the_victim_extension_names_what_the_seed_asks_for():
    codes = set(terms.thematiques())
    for suffix in [
        "violences-conjugales",
        "enfance-en-danger",
        "maltraitance-personnes-agees",
        "maltraitance-personnes-handicapees",
        "cyberharcelement",
        "depot-de-plainte",
        "examen-medico-legal",
        "mise-a-l-abri",
        "protection-juridique-des-majeurs",
    ]:
        assert f"aide-aux-victimes--{suffix}" in codes
    for network in [
        "france-victimes",
        "gendarmerie-nationale",
        "police-nationale",
        "unites-medico-judiciaires",
    ]:
        assert network in terms.reseaux_porteurs()


def test_extension_terms_export_as_data_inclusion_codes_without_repeats():
    exported = terms.to_datainclusion(
        [
            "aide-aux-victimes--violences-conjugales",
            "aide-aux-victimes--violences-sexuelles",
            "sante--sante-mentale",
        ],
        terms.thematiques(),
    )
    assert exported == ["famille--surmonter-conflits-separation-violence", "sante--sante-mentale"]


def test_urgent_themes_are_the_ones_where_danger_may_be_immediate():
    urgent = terms.urgent_thematiques()
    assert "aide-aux-victimes--violences-conjugales" in urgent
    assert "aide-aux-victimes--enfance-en-danger" in urgent
    assert "aide-aux-victimes--depot-de-plainte" not in urgent
