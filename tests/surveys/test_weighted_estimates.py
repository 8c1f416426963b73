"""The weighted interval covers the truth where the raw share of a biased sample misses it, ~95 % of the time."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from allervers.surveys import estimation, synthetic
from tests.surveys.helpers import population, sample

REPETITIONS = 400


def _estimate(respondents, question):
    weighting = estimation.rake(respondents, population().margins())
    return weighting, estimation.estimate(weighting.weights, [r.answers[question] for r in respondents])


def test_the_weighted_interval_covers_the_true_rate_while_the_raw_share_is_off():
    truth = population().true_rate("injures")
    weighting, result = _estimate(sample(seed=2026, size=1200), "injures")
    assert weighting.converged
    assert result.ci_low <= truth <= result.ci_high
    # Older people answer more and are less often insulted: the raw share is too low, outside the interval.
    assert result.raw < result.ci_low
    assert truth - result.raw > 0.02


def test_over_many_samples_the_95_percent_intervals_cover_the_truth_about_95_percent_of_the_time():
    pop = population()
    truths = {question: pop.true_rate(question) for question in ("injures", "vol")}
    covered = dict.fromkeys(truths, 0)
    raw_bias = dict.fromkeys(truths, 0.0)
    not_converged = 0
    for seed in range(REPETITIONS):
        respondents = sample(seed=seed)
        weighting = estimation.rake(respondents, pop.margins())
        not_converged += not weighting.converged
        for question, truth in truths.items():
            result = estimation.estimate(weighting.weights, [r.answers[question] for r in respondents])
            covered[question] += result.ci_low <= truth <= result.ci_high
            raw_bias[question] += result.raw - truth
    # Trimming at 5 times the mean weight leaves a rare sample off its margins by more than half a point.
    assert not_converged <= REPETITIONS // 50
    for question in truths:
        # Binomial tolerance: 400 draws of p = 0.95 fall within 0.92-0.98 with probability > 99 %.
        assert 0.92 <= covered[question] / REPETITIONS <= 0.98, (question, covered[question] / REPETITIONS)
        assert raw_bias[question] / REPETITIONS < -0.005  # older people answer more: the raw share is too low


def test_the_weights_reproduce_the_margins_and_report_their_design_effect():
    respondents = sample(seed=7)
    margins = population().margins()
    weighting = estimation.rake(respondents, margins)
    weights = np.array(weighting.weights)
    assert abs(weights.sum() - sum(margins["sexe"].values())) < 1e-6
    for variable in ("sexe", "age_groupe", "commune"):
        for modality, count in margins[variable].items():
            inside = np.array([getattr(r, variable) == modality for r in respondents])
            assert abs(weights[inside].sum() / weights.sum() - count / sum(margins[variable].values())) < 0.005
    assert 1 < weighting.deff < 3
    assert abs(weighting.n_eff * weighting.deff - len(respondents)) < 1e-6


def test_trimming_caps_the_largest_weights_and_says_how_many():
    respondents = sample(seed=3)
    loose = estimation.rake(respondents, population().margins(), cap=50)
    tight = estimation.rake(respondents, population().margins(), cap=2)
    mean = np.mean(tight.weights)
    assert max(tight.weights) <= 2 * mean * 1.001
    assert tight.trimmed > 0 and loose.trimmed == 0
    assert tight.deff < loose.deff


def test_an_impossible_cap_is_reported_as_not_converged():
    weighting = estimation.rake(sample(seed=3), population().margins(), cap=1.05)
    assert not weighting.converged
    assert weighting.max_gap > estimation.DEFAULT_TOLERANCE


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    size=st.integers(80, 300),
    young=st.floats(0.1, 1.0),
    cap=st.floats(3.0, 20.0),
)
def test_weights_are_always_positive_and_reproduce_the_margins_once_converged(seed, size, young, cap):
    propensity = dict(synthetic.DEFAULT_PROPENSITY) | {"18-29": young}
    respondents = synthetic.biased_sample(population(), size, np.random.default_rng(seed), propensity)
    margins = population().margins()
    bands = {r.age_groupe for r in respondents}
    margins["age_groupe"] = {b: c for b, c in margins["age_groupe"].items() if b in bands}
    margins = synthetic.Population(
        {k: v for k, v in population().counts.items() if k[2] in bands}, synthetic.DEFAULT_RATES
    ).margins()
    weighting = estimation.rake(respondents, margins, cap=cap)
    assert min(weighting.weights) > 0
    if weighting.converged:
        weights = np.array(weighting.weights)
        for modality, count in margins["sexe"].items():
            inside = np.array([r.sexe == modality for r in respondents])
            assert abs(weights[inside].sum() - count) / sum(margins["sexe"].values()) <= estimation.DEFAULT_TOLERANCE


def test_an_interval_always_brackets_its_estimate_and_stays_between_0_and_1():
    result = estimation.estimate([1.0, 2.0, 3.0], [False, False, None])
    assert result.weighted == 0 and result.ci_low == 0 and 0 < result.ci_high < 1
    assert estimation.estimate([1.0], [None]) is None
