"""Risk RAG banding and 003's locality enabler scoring criteria.

Risk score = impact (1-5) x likelihood (1-5). The default banding reproduces the ratings of
the 18 rated risks in seeds 001 and 002 ("Delivery: Risks and mitigations" I/II):
score >= 15 -> R, 10-14 -> AR, <= 9 -> A (derived: the seeds publish ratings, not the rule;
every seed row agrees with it, checked by `check_published_ratings` and a back test).
A banding is a list of (lowest score, rating) from the highest band down, so another
organisation's rule (e.g. adding G below 5) is one line.

Workforce capacity is scored from patients per GP by 003 "Back up: scoring criteria I/II":
>3000 -> 1, 2600-3000 -> 2, 2100-2600 -> 3, <2100 -> 4. The published bands overlap at
2600 (in both "2600 - 3000" and "2100 - 2600"); 3000 and 2100 belong to one band each
(">3000" and "<2100" exclude them). icsplan gives the shared edge to the LESS advanced score:
exactly 2600 patients per GP scores 2 (derived: the cautious reading for a capacity measure,
so a locality is never rated ready on a boundary value).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Banding = Sequence[tuple[int, str]]

DEFAULT_BANDING: Banding = ((15, "R"), (10, "AR"), (1, "A"))
RAG_LABELS = {"R": "Red", "AR": "Amber-red", "A": "Amber", "AG": "Amber-green", "G": "Green"}

ENABLERS = {
    "workforce_capacity": "Workforce capacity (patients per GP)",
    "practice_collaboration": "GP practice collaboration",
    "joint_working": "Joint working with social care / mental health",
    "shared_information": "Shared information and intelligence",
    "risk_stratified_management": "Risk-stratified management",
}
# 003 "Back up: scoring criteria I/II": what each score means (1 = less advanced).
CRITERIA = {
    "workforce_capacity": (">3000", "2600-3000", "2100-2600", "<2100"),
    "practice_collaboration": ("No professional collaboration",
                               "Co-operative, interest in collaboration",
                               "Regular locality meetings", "Joint working"),
    "joint_working": ("Irregular collaboration, low trust",
                      "Limited collaboration, e.g. occasional MDTs",
                      "Regular, functioning MDTs", "Locality teams, named practice SW"),
    "shared_information": ("None", "Full integration to NHS111",
                           "All on interoperable system",
                           "Sharing information with community care"),
    "risk_stratified_management": ("None", "Risk stratification tool available",
                                   "Practice based MDTs",
                                   "Locality based MDTs driven by risk strat. tool"),
}


def rag(score: int | None, banding: Banding = DEFAULT_BANDING) -> str | None:
    """The rating of a risk score under a banding (highest band whose floor the score meets);
    None for an unrated risk (no score)."""
    if score is None or score != score:
        return None
    for floor, rating in banding:
        if score >= floor:
            return rating
    return banding[-1][1]


def parse_banding(text: str) -> Banding:
    """A banding from text like "15:R,10:AR,1:A" (floors, highest first)."""
    bands = []
    for part in text.split(","):
        floor, _, rating = part.partition(":")
        bands.append((int(floor), rating.strip()))
    return tuple(sorted(bands, reverse=True))


def workforce_capacity_score(patients_per_gp: float) -> int:
    """003's workforce capacity score; a shared band edge goes to the less advanced score."""
    if patients_per_gp >= 2600:
        return 1 if patients_per_gp > 3000 else 2
    return 3 if patients_per_gp >= 2100 else 4


@dataclass(frozen=True)
class RatingCheck:
    """A published risk rating against the banding's rating for the same score."""

    key: str
    impact: int
    likelihood: int
    published: str
    banded: str

    @property
    def agrees(self) -> bool:
        """Whether the banding reproduces the published rating."""
        return self.published == self.banded


def check_published_ratings(risks: Iterable, banding: Banding = DEFAULT_BANDING
                            ) -> list[RatingCheck]:
    """Each risk that carries a published RAG, with the rating the banding gives it."""
    return [RatingCheck(r.id, r.impact, r.likelihood, r.published_rag,
                        rag(r.impact * r.likelihood, banding))
            for r in risks if r.published_rag]
