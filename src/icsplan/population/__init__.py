"""Patient-level population pipelines: synthetic data, frailty, segments, risk, cohorts and
the baselines they give the demand model.  Written once in Ibis, run on DuckDB or PySpark."""
