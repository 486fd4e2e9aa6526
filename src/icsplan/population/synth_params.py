"""Parameters of the synthetic population (see docs/population.md, "Synthetic population").

Ages, deprivation and the care-home rate are set per archetype; each condition's probability
is a logistic function of age, deprivation and a latent "health" factor shared by all of a
person's conditions (which makes conditions cluster as multimorbidity does).  Values are
illustrative, chosen so that prevalences are of the order of QOF registers and the eFI
distribution of people aged 65+ is near Clegg et al. (2016): ~50% fit, 35% mild,
12% moderate, 3% severe.
"""

from __future__ import annotations

import numpy as np

# Archetypes (003 archetype table): target median age, IMD score median and log-sd.
# "Deprived" means an IMD score above 22 (003).
ARCHETYPES: dict[str, dict[str, float]] = {
    "urban_affluent": {"median_age": 40.0, "imd_median": 11.0, "imd_sd": 0.45},
    "urban_deprived": {"median_age": 43.0, "imd_median": 29.0, "imd_sd": 0.35},
    "rural": {"median_age": 48.0, "imd_median": 15.0, "imd_sd": 0.40},
}

# Upper IMD 2015 score bounds of national deciles 10 (least deprived) .. 2; above -> decile 1.
IMD_DECILE_BOUNDS = np.array([4.4, 6.4, 8.5, 11.0, 13.8, 17.2, 21.4, 27.0, 34.2])

# code: (probability at age 70 for IMD 20 and average health, log-odds per decade of age,
#        log-odds per 12 IMD points, loading on the latent health factor)
CONDITION_PARAMS: dict[str, tuple[float, float, float, float]] = {
    "hypertension": (0.33, 0.55, 0.15, 0.48),
    "diabetes": (0.13, 0.30, 0.30, 0.48),
    "chd": (0.07, 0.55, 0.25, 0.56),
    "heart_failure": (0.02, 0.75, 0.25, 0.72),
    "atrial_fibrillation": (0.045, 0.80, 0.05, 0.48),
    "stroke_tia": (0.035, 0.65, 0.20, 0.56),
    "ckd": (0.06, 0.85, 0.15, 0.56),
    "copd": (0.04, 0.45, 0.50, 0.64),
    "asthma": (0.06, 0.00, 0.20, 0.32),
    "cancer": (0.05, 0.45, 0.00, 0.40),
    "dementia": (0.012, 1.10, 0.10, 0.64),
    "depression": (0.08, -0.15, 0.35, 0.40),
    "serious_mental_illness": (0.007, -0.10, 0.50, 0.40),
    "epilepsy": (0.007, 0.00, 0.20, 0.32),
    "osteoporosis": (0.035, 0.80, 0.10, 0.48),
    "rheumatoid_arthritis": (0.009, 0.40, 0.10, 0.40),
    "parkinsons": (0.004, 0.90, 0.00, 0.48),
    "pvd": (0.018, 0.60, 0.25, 0.56),
    "hypothyroidism": (0.045, 0.35, 0.00, 0.24),
    "activity_limitation": (0.104, 0.63, 0.20, 0.88),
    "anaemia": (0.13, 0.35, 0.15, 0.56),
    "osteoarthritis": (0.39, 0.35, 0.10, 0.48),
    "dizziness": (0.13, 0.35, 0.10, 0.56),
    "dyspnoea": (0.156, 0.35, 0.30, 0.72),
    "falls": (0.104, 0.63, 0.10, 0.80),
    "foot_problems": (0.156, 0.42, 0.10, 0.56),
    "fragility_fracture": (0.065, 0.56, 0.00, 0.64),
    "hearing_impairment": (0.234, 0.56, 0.00, 0.32),
    "heart_valve_disease": (0.039, 0.56, 0.00, 0.48),
    "housebound": (0.0208, 0.84, 0.20, 1.04),
    "hypotension_syncope": (0.065, 0.49, 0.00, 0.56),
    "cognitive_impairment": (0.065, 0.70, 0.10, 0.64),
    "mobility_transfer_problems": (0.065, 0.70, 0.20, 0.96),
    "peptic_ulcer": (0.065, 0.28, 0.20, 0.40),
    "polypharmacy": (0.312, 0.56, 0.20, 0.80),
    "requirement_for_care": (0.039, 0.84, 0.20, 1.04),
    "skin_ulcer": (0.0312, 0.63, 0.10, 0.80),
    "sleep_disturbance": (0.182, 0.14, 0.20, 0.48),
    "social_vulnerability": (0.065, 0.42, 0.40, 0.72),
    "urinary_incontinence": (0.104, 0.56, 0.00, 0.64),
    "urinary_system_disease": (0.13, 0.42, 0.00, 0.56),
    "visual_impairment": (0.104, 0.63, 0.10, 0.48),
    "weight_loss_anorexia": (0.039, 0.63, 0.20, 0.80),
}
# Conditions children can have at the adult rate; the rest at a tenth of it under 18.
CHILD_CONDITIONS = {"asthma": 1.0, "epilepsy": 0.7}
# Deficits more likely in a care home (log-odds added for residents).
CARE_HOME_DEFICITS = {"requirement_for_care": 3.0, "mobility_transfer_problems": 2.0,
                      "urinary_incontinence": 1.5, "cognitive_impairment": 1.5,
                      "falls": 1.0, "housebound": 2.0, "polypharmacy": 1.0}

# Care-home residence: logit = a + b * (age - 80) + c * health.
CARE_HOME = (-3.8, 0.12, 0.8)

# Activity: log-rate by age (piecewise linear between knots) and per-person effects by pod.
AGE_KNOTS = np.array([0, 5, 18, 30, 45, 65, 75, 85, 100])
POD_AGE_PROFILE: dict[str, list[float]] = {
    "ae": [0.8, 0.0, 0.3, 0.3, 0.0, 0.1, 0.6, 1.2, 1.5],
    "non_elective": [0.5, -0.8, -0.5, -0.4, -0.2, 0.4, 1.0, 1.7, 2.0],
    "elective": [-1.5, -1.5, -0.8, -0.3, 0.3, 0.9, 1.1, 0.9, 0.5],
    "daycase": [-1.5, -1.5, -0.8, -0.3, 0.4, 1.0, 1.2, 0.9, 0.4],
    "outpatient": [-0.3, -0.8, -0.5, -0.2, 0.2, 0.7, 0.9, 0.8, 0.5],
}
# pod: (per LTC, per eFI deficit, care home, per 12 IMD points)
POD_EFFECTS: dict[str, tuple[float, float, float, float]] = {
    "ae": (0.15, 0.06, 0.3, 0.20),
    "non_elective": (0.25, 0.08, 0.5, 0.20),
    "elective": (0.15, 0.04, -0.5, -0.05),
    "daycase": (0.15, 0.04, -0.5, -0.05),
    "outpatient": (0.25, 0.04, -0.3, 0.0),
}
# Persistent heterogeneity between people (gamma shape; smaller = more concentrated) and
# year-to-year variation (log-sd).
UTILISATION_SHAPE = 1.2
YEARLY_SD = 0.4
COST_SD = 0.35  # log-sd of the cost of one activity around the pod's unit cost

# Main acute provider of each ccg (organisation codes of the 2016 trusts).
PROVIDERS = {"mid_essex": "RQ8", "basildon_brentwood": "RDD", "thurrock": "RDD",
             "castle_point_rochford": "RAJ", "southend": "RAJ"}
OTHER_PROVIDERS = ("RQ8", "RDD", "RAJ", "OUT")
MAIN_PROVIDER_SHARE = 0.85


def age_distribution(median_age: float) -> np.ndarray:
    """Probabilities of single years of age 0-100: an England-like shape tilted to a median."""
    ages = np.arange(101)
    base = np.where(ages <= 55, 1.0, np.exp(-0.5 * ((ages - 55) / 18.0) ** 2))
    lo, hi = -0.2, 0.2
    for _ in range(60):
        k = (lo + hi) / 2
        p = base * np.exp(k * ages)
        p /= p.sum()
        median = np.interp(0.5, np.cumsum(p), ages + 1.0)  # ages uniform within each year
        if median < median_age + 0.5:
            lo = k
        else:
            hi = k
    p = base * np.exp(hi * ages)
    return p / p.sum()
