"""The names that tie manifests together: what one file declares (`objects`) and what its pod
specs name (`references`), every file's objects and the queries on them (`workspace_model`),
and the places of names and the links between them (`sites`, `namesites`, `labelsites`,
`file_links`)."""
