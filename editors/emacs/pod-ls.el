;;; pod-ls.el --- pod-ls with eglot (Emacs 28 with the eglot package, or Emacs 29+)  -*- lexical-binding: t; -*-

;; Load this file from your init (or copy the forms), then open a Kubernetes manifest: eglot
;; starts pod-ls for YAML buffers.  Settings go to `eglot-workspace-configuration' under
;; `:podls', which the server reads as its "podls" section.

;;; Code:

(require 'eglot)

(add-to-list 'eglot-server-programs
             '((yaml-mode yaml-ts-mode) . ("pod-ls" "--stdio")))

(setq-default eglot-workspace-configuration
              '(:podls (:rules (:image-tag "warning"))))

(add-hook 'yaml-mode-hook #'eglot-ensure)
(when (fboundp 'yaml-ts-mode)
  (add-hook 'yaml-ts-mode-hook #'eglot-ensure))

(provide 'pod-ls)
;;; pod-ls.el ends here
