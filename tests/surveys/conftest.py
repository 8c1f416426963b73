"""Surveys built for the tests: the demo survey (synthetic answers) and a small survey with invitation codes, open
or still in draft."""

import datetime

import pytest

from allervers.surveys.demo import load_surveys_demo
from allervers.surveys.library import add_blocks
from allervers.surveys.models import Survey
from allervers.territories.models import Department


@pytest.fixture
def demo_survey(db):
    return load_surveys_demo().survey


@pytest.fixture
def open_survey(db):
    return _survey("open")


@pytest.fixture
def draft_survey(db):
    return _survey("draft")


def _survey(status):
    survey = Survey.objects.create(
        title="Enquête fictive",
        slug="enquete-fictive",
        organiser="CLSPD fictif",
        department=Department.objects.get(code="01"),
        territory="Deux communes",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        legal_notice="Mentions fictives.",
        status=status,
    )
    add_blocks(survey)
    survey.replace_margins(
        {"sexe": {"F": 520, "H": 480}, "age_groupe": {"30-44": 1000}, "commune": {"01249": 600, "01043": 400}},
        "test",
        illustrative=True,
    )
    survey.codes = survey.issue_codes(3)
    return survey
