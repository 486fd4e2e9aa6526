"""The documented list of condition codes: long-term conditions (LTCs) and eFI deficits.

A code is an LTC (counted in the multimorbidity count), maps to one of the 36 deficits of the
electronic frailty index (eFI, Clegg et al. 2016), or both.  Several codes may map to the same
deficit (COPD and asthma are both "respiratory disease"); a deficit counts once per person.
"""

from __future__ import annotations

from dataclasses import dataclass

EFI_DEFICITS = (
    "activity_limitation", "anaemia", "arthritis", "atrial_fibrillation",
    "cerebrovascular_disease", "chronic_kidney_disease", "diabetes", "dizziness", "dyspnoea",
    "falls", "foot_problems", "fragility_fracture", "hearing_impairment", "heart_failure",
    "heart_valve_disease", "housebound", "hypertension", "hypotension_syncope",
    "ischaemic_heart_disease", "memory_cognitive_problems", "mobility_transfer_problems",
    "osteoporosis", "parkinsonism_tremor", "peptic_ulcer", "peripheral_vascular_disease",
    "polypharmacy", "requirement_for_care", "respiratory_disease", "skin_ulcer",
    "sleep_disturbance", "social_vulnerability", "thyroid_disease", "urinary_incontinence",
    "urinary_system_disease", "visual_impairment", "weight_loss_anorexia",
)
assert len(EFI_DEFICITS) == 36


@dataclass(frozen=True)
class Condition:
    """A condition code: its name, whether it is an LTC, and the eFI deficit it maps to."""

    code: str
    name: str
    ltc: bool
    deficit: str | None


_LTCS = (
    ("hypertension", "Hypertension", "hypertension"),
    ("diabetes", "Diabetes mellitus", "diabetes"),
    ("chd", "Coronary heart disease", "ischaemic_heart_disease"),
    ("heart_failure", "Heart failure", "heart_failure"),
    ("atrial_fibrillation", "Atrial fibrillation", "atrial_fibrillation"),
    ("stroke_tia", "Stroke or transient ischaemic attack", "cerebrovascular_disease"),
    ("ckd", "Chronic kidney disease (stage 3-5)", "chronic_kidney_disease"),
    ("copd", "Chronic obstructive pulmonary disease", "respiratory_disease"),
    ("asthma", "Asthma", "respiratory_disease"),
    ("cancer", "Cancer (diagnosed in the last 5 years)", None),
    ("dementia", "Dementia", "memory_cognitive_problems"),
    ("depression", "Depression", None),
    ("serious_mental_illness", "Serious mental illness", None),
    ("epilepsy", "Epilepsy", None),
    ("osteoporosis", "Osteoporosis", "osteoporosis"),
    ("rheumatoid_arthritis", "Rheumatoid arthritis", "arthritis"),
    ("parkinsons", "Parkinson's disease", "parkinsonism_tremor"),
    ("pvd", "Peripheral vascular disease", "peripheral_vascular_disease"),
    ("hypothyroidism", "Hypothyroidism", "thyroid_disease"),
)

# Deficit-only codes for conditions that share a deficit with an LTC.
_OTHER_DEFICITS = (
    ("osteoarthritis", "Osteoarthritis", "arthritis"),
    ("cognitive_impairment", "Memory and cognitive problems (no dementia diagnosis)",
     "memory_cognitive_problems"),
)
# Every other eFI deficit is a code of its own, named as the deficit.
_COVERED = {d for _, _, d in _LTCS + _OTHER_DEFICITS if d}
CONDITIONS: tuple[Condition, ...] = tuple(
    [Condition(code, name, True, deficit) for code, name, deficit in _LTCS]
    + [Condition(code, name, False, deficit) for code, name, deficit in _OTHER_DEFICITS]
    + [Condition(d, d.replace("_", " ").capitalize(), False, d)
       for d in EFI_DEFICITS if d not in _COVERED]
)
CONDITION_CODES = tuple(c.code for c in CONDITIONS)
LTC_CODES = tuple(c.code for c in CONDITIONS if c.ltc)
BY_CODE = {c.code: c for c in CONDITIONS}
