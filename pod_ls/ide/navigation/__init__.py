"""Navigation over the names that tie manifests together: the name under the cursor and the
places it is tied to (`names`, across files through `workspace_names` and `named_files`), and
the features on them: `definition`, `references`, `highlight`, `rename`, `target_hover`."""
