"""The domain app: organisations, dispatches (công văn), their chain, scam patterns, warnings."""
