"""``config/scoring.yml``: weights and windows of the scores dbt computes.

Validated here, handed to dbt as ``--vars`` by the orchestration (``ScoringConfig.dbt_vars``), so
the YAML is the one place a person changes a weight: the FB score, the PFM score and the Unified
Content Impact Score each have a section.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from config.loading import CONFIG_DIR, load_yaml_model


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WeightedScore(_Strict):
    """A 0–100 score built from weighted, normalized components.

    Attributes:
        window_days: trailing days summed into each component metric.
        baseline_days: trailing days of the account's distribution each metric is ranked against.
        weights: component → weight; weights are non-negative and sum to 1.
    """

    window_days: int = Field(7, ge=1, le=90)
    baseline_days: int = Field(28, ge=1, le=365)
    weights: dict[str, float]

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> WeightedScore:
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights must be >= 0")
        total = sum(self.weights.values())
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"weights must sum to 1 (they sum to {total:g})")
        return self


class FbScoreWeights(WeightedScore):
    """FB score (Meta): the six components of the product spec."""

    @model_validator(mode="after")
    def _components(self) -> FbScoreWeights:
        expected = {"ctr", "cpc", "cost_per_result", "roas", "frequency", "thruplay_rate"}
        if set(self.weights) != expected:
            raise ValueError(f"weights must name exactly {sorted(expected)}")
        return self


class PfmScoreWeights(WeightedScore):
    """PFM score (TikTok ads and posts): the five components of the product spec.

    ``ctr`` (destination clicks / impressions), ``cvr`` (purchases / clicks), ``view_time``
    (seconds watched per play), ``roas`` (purchase value / spend), ``spend_efficiency`` (spend
    per purchase, lower is better). Formula: docs block ``pfm_score`` in
    ``dbt_project/models/marts/scoring/_pfm__docs.md``.
    """

    @model_validator(mode="after")
    def _components(self) -> PfmScoreWeights:
        expected = {"ctr", "cvr", "view_time", "roas", "spend_efficiency"}
        if set(self.weights) != expected:
            raise ValueError(f"weights must name exactly {sorted(expected)}")
        return self


class ContentImpactScore(_Strict):
    """Unified Content Impact Score: TikTok, Facebook/Instagram and offline demand, weighted.

    Attributes:
        window_days: trailing days of scans and sell-out summed per SKU.
        weights: ``tiktok`` (PFM score of the TikTok post), ``facebook_instagram`` (FB score of
            the Meta ads using the item), ``offline`` (demand of the item's SKUs); sum to 1.
        offline_weights: ``scans`` and ``sellout`` shares of the offline demand score; sum to 1.

    Formula: docs block ``content_impact_score`` in
    ``dbt_project/models/marts/scoring/_content_impact__docs.md``.
    """

    window_days: int = Field(7, ge=1, le=90)
    weights: dict[str, float]
    offline_weights: dict[str, float]

    @model_validator(mode="after")
    def _components(self) -> ContentImpactScore:
        for name, weights, expected in (
            ("weights", self.weights, {"tiktok", "facebook_instagram", "offline"}),
            ("offline_weights", self.offline_weights, {"scans", "sellout"}),
        ):
            if set(weights) != expected:
                raise ValueError(f"{name} must name exactly {sorted(expected)}")
            if any(w < 0 for w in weights.values()):
                raise ValueError(f"{name} must be >= 0")
            if not math.isclose(sum(weights.values()), 1.0, abs_tol=1e-9):
                raise ValueError(f"{name} must sum to 1 (they sum to {sum(weights.values()):g})")
        return self


class ScoringConfig(_Strict):
    """The whole of ``config/scoring.yml``."""

    fb_score: FbScoreWeights
    pfm_score: PfmScoreWeights
    content_impact_score: ContentImpactScore

    def dbt_vars(self) -> dict[str, Any]:
        """The ``--vars`` payload dbt reads (one key per score section)."""
        return self.model_dump(mode="json")


def load_scoring(path: Path | str | None = None) -> ScoringConfig:
    """Load and validate ``config/scoring.yml``.

    Raises:
        config.loading.ConfigError: missing file, bad YAML, or a field failing validation.
    """
    return load_yaml_model(path or CONFIG_DIR / "scoring.yml", ScoringConfig)
