"""Writers: every output format is rendered from the model (no writer knows a reader)."""
