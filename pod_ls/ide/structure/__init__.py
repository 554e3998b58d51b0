"""A file's structure: the outline (`symbols`), folding ranges, selection ranges, the tree they
read (`doctree`, from indentation while the YAML does not parse), and workspace symbols."""
