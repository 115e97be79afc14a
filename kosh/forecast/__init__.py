"""Population and migration forecasts by region: a multiregional cohort-component model,
its rates estimated from the registry and the official series, stochastic trajectories,
scenarios with policy levers, a back-test, stored runs and the analysts' page."""
