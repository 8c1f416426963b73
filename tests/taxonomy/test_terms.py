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
        assert term.di_code in {r.value for r in di.ReseauPorteur}, term


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
