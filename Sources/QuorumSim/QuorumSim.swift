// Deterministic simulator of the quorum core.
