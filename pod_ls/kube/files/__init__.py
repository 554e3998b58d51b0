"""The kinds of file around manifests: kustomize patches and kustomizations (`kustomize`),
`kind: List` documents (`lists`) and `${VAR}` templates (`substitution`)."""
