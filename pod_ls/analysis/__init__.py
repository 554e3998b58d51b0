"""Text to findings for a whole file, step by step and cached per document, with the helper
process that shares a big read, and the workspace scan."""
