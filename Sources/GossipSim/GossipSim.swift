// Deterministic simulator of the gossip core.
