"""Computing a cycle's lists: the engine over the submitted school reports, with the
committee's verifications applied; the result and the anomaly worklist are stored per list."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from nianbao.core.audit import audit_record
from nianbao.core.exceptions import ApplicationError
from nianbao.indicators.catalog import load_catalog
from nianbao.rankings.choices import RankingStatus
from nianbao.rankings.definitions import DefinitionError, Definitions, load_definitions
from nianbao.rankings.engine import compute, screen
from nianbao.rankings.models import Ranking
from nianbao.rankings.permissions import require_committee
from nianbao.rankings.selectors import school_inputs, untrue_values

__all__ = ["definitions_for", "rankings_compute"]


def definitions_for(cycle, edition: str | None = None) -> Definitions:
    """The named edition; else the one the cycle's lists were computed with; else the cycle's
    indicator edition."""
    edition = (
        edition
        or Ranking.objects.filter(cycle=cycle).values_list("edition", flat=True).first()
        or cycle.indicator_edition
    )
    try:
        return load_definitions(edition)
    except (DefinitionError, FileNotFoundError) as exc:
        raise ApplicationError(f"榜单定义无法加载：{exc}") from None


def _indicator_names(cycle) -> dict[str, str]:
    catalog = load_catalog(cycle.indicator_edition, "higher")
    return {code: spec.name for code, spec in catalog.indicators.items()}


@transaction.atomic
def rankings_compute(*, actor, cycle, edition: str | None = None) -> list[Ranking]:
    """(Re)computes every list of the definitions from the cycle's submitted school reports,
    with the committee's verifications applied. Lists already in 公示 or confirmed keep their
    published result."""
    require_committee(actor)
    defs = definitions_for(cycle, edition)
    names = _indicator_names(cycle)
    untrue = untrue_values(cycle)
    saved = []
    for ranking_def in defs.rankings:
        schools = school_inputs(cycle, ranking_def.levels, group_by=ranking_def.group_by)
        anomalies = screen(
            ranking_def, schools, robust_z=defs.robust_z, jump_factor=defs.jump_factor
        )
        names_by_key = {s.key: s.name for s in schools}
        for result in compute(
            ranking_def, schools, untrue=untrue, seed=defs.seed, draws=defs.draws
        ):
            ranking, _ = Ranking.objects.select_for_update().get_or_create(
                cycle=cycle,
                code=ranking_def.code,
                group=result.group,
                defaults={"name": ranking_def.name, "edition": defs.edition},
            )
            if ranking.status != RankingStatus.VERIFYING:
                continue
            ranking.name, ranking.edition = ranking_def.name, defs.edition
            ranking.result = {
                **dataclasses.asdict(result),
                "candidates": ranking_def.candidates,
                "places": ranking_def.places,
                "min_coverage": ranking_def.min_coverage,
                "seed": defs.seed,
                "draws": defs.draws,
                "names": {i.code: names.get(i.code, i.code) for i in ranking_def.indicators},
                "dimensions": {i.code: i.dimension for i in ranking_def.indicators},
                "scalings": {i.code: i.scaling.label for i in ranking_def.indicators if i.scaling},
                "evidence": [i.code for i in ranking_def.indicators if i.evidence],
            }
            members = {s.key for s in result.schools}
            ranking.anomalies = [
                {**dataclasses.asdict(a), "school": names_by_key[a.key], "kind_label": a.kind_label}
                for a in anomalies
                if a.key in members
            ]
            ranking.computed_at = timezone.now()
            ranking.full_clean()
            ranking.save()
            audit_record(
                actor=actor,
                action="ranking.compute",
                obj=ranking,
                after={
                    "ranked": len(result.ranked),
                    "anomalies": len(ranking.anomalies),
                    "edition": defs.edition,
                },
            )
            saved.append(ranking)
    return saved
