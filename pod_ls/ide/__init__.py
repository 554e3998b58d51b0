"""Editor features in editor terms: each takes lines, a position and the parsed documents and
returns plain data. Nothing here knows LSP."""
