"""四个50强 (育人成效、教学资源、国际影响力、服务贡献).

- Definitions: `catalog/rankings/<edition>.yaml`, loaded by `definitions.load_definitions` (pure).
- Engine (pure NumPy): `engine.screen` (anomaly worklist), `engine.compute` (removals, coverage,
  outlier treatment, normalisation, weighted mean, ranks, Monte Carlo rank intervals).
- Services: `computing.rankings_compute`, `services.verification_record`,
  `ranking_notice_start`, `objection_record`, `objection_decide`, `ranking_confirm`.
- For the provincial report: `section.rankings_chapter(cycle)` → `documents.model.Chapter`.
"""
