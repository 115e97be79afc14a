"""Migration monitoring: internal-migration accounting (origin–destination flows, net
migration, urban/rural moves, concentration in the three cities), the concept's 10 target
indicators against their yearly targets, the 51-measure action plan and its progress,
published with disclosure control (docs/monitoring.md)."""
