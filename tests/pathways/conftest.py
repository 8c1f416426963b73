import pytest

from allervers.directory.demo import load_demo
from allervers.pathways.seed import load_demo_competences, load_demo_units, load_pathways


@pytest.fixture
def demo(db):
    """The Ain demo directory, the seed pathways, the demo competent units and the demo competence table."""
    load_demo()
    load_pathways()
    load_demo_units()
    load_demo_competences()


@pytest.fixture
def pathways(db):
    """The seed pathways alone (no directory): every step is a gap."""
    load_pathways()
