;;; pod-ls.el --- pod-ls with eglot (Emacs 28 with the eglot package, or Emacs 29+)  -*- lexical-binding: t; -*-

;;; Commentary:

;; Load this file from your init, then open a Kubernetes manifest: eglot starts pod-ls in YAML
;; buffers.
;;
;; Eglot runs one language server per buffer, so in YAML buffers pod-ls *replaces*
;; yaml-language-server (eglot's default for YAML) rather than running beside it.  To choose,
;; set `pod-ls-enabled': nil gives those buffers yaml-language-server again.  It is safe as a
;; directory-local variable, so a project can choose in its .dir-locals.el:
;;
;;   ((yaml-mode . ((pod-ls-enabled . nil))))
;;
;; Settings for the server go in `pod-ls-settings' (the "podls" section, e.g.
;; '(:rules (:image-tag "off"))).  They are added to `eglot-workspace-configuration', next to
;; the sections of other servers, never in their place.  When `pod-ls-command' is not found,
;; starting says so and how to install it.  C-M-i completes from the server (`pod-ls-mode'), not
;; from the spelling dictionary that text modes such as `yaml-mode' bind it to.

;;; Code:

(require 'eglot)

(defgroup pod-ls nil
  "The pod-ls language server for Kubernetes Pod YAML."
  :group 'eglot)

(defcustom pod-ls-command '("pod-ls" "--stdio")
  "The pod-ls server and its arguments."
  :type '(repeat string))

(defcustom pod-ls-enabled t
  "Non-nil: pod-ls is the server of YAML buffers; nil: yaml-language-server is."
  :type 'boolean
  :safe #'booleanp)

(defcustom pod-ls-settings nil
  "The server's \"podls\" settings as a plist, e.g. (:rules (:image-tag \"off\"))."
  :type 'plist)

(defun pod-ls--contact (_interactive)
  "The server for this YAML buffer: pod-ls, or yaml-language-server when it is not enabled."
  (cond
   ((not pod-ls-enabled) '("yaml-language-server" "--stdio"))
   ((executable-find (car pod-ls-command)) pod-ls-command)
   (t (user-error "pod-ls: `%s' is not on exec-path. Install it (python3 -m venv ~/.venvs/pod-ls && ~/.venvs/pod-ls/bin/pip install pod-ls) and add its bin folder to exec-path, or set `pod-ls-command'"
                  (car pod-ls-command)))))

(add-to-list 'eglot-server-programs '((yaml-mode yaml-ts-mode) . pod-ls--contact))

(defun pod-ls--with-settings (configuration)
  "CONFIGURATION with the \"podls\" section added, in the form it has (plist or alist).
A section already there is kept; a function is the user's own and is left alone."
  (cond
   ((or (null pod-ls-settings) (functionp configuration)) configuration)
   ((and (consp configuration) (consp (car configuration)))
    (if (or (assq :podls configuration) (assq 'podls configuration)) configuration
      (append configuration (list (cons :podls pod-ls-settings)))))
   ((plist-member configuration :podls) configuration)
   (t (append configuration (list :podls pod-ls-settings)))))

(defun pod-ls--add-settings ()
  "Adds the \"podls\" section to this buffer's configuration, once its directory variables are set."
  (when (derived-mode-p 'yaml-mode 'yaml-ts-mode)
    (setq-local eglot-workspace-configuration (pod-ls--with-settings eglot-workspace-configuration))))

(defvar pod-ls-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-M-i") #'completion-at-point)
    map)
  "Keys of the YAML buffers eglot serves.
`yaml-mode' is a text mode, where C-M-i completes words from a spelling dictionary (and fails
without one); here it completes from the language server, as in programming modes.")

(define-minor-mode pod-ls-mode
  "Completion on C-M-i in a YAML buffer that eglot serves."
  :keymap pod-ls-mode-map)

(defun pod-ls--ensure ()
  "Starts eglot in this YAML buffer (the server is chosen by `pod-ls--contact')."
  (pod-ls--add-settings)
  (pod-ls-mode 1)
  (eglot-ensure))

(add-hook 'hack-local-variables-hook #'pod-ls--add-settings)
(add-hook 'yaml-mode-hook #'pod-ls--ensure)
(when (fboundp 'yaml-ts-mode)
  (add-hook 'yaml-ts-mode-hook #'pod-ls--ensure))

(provide 'pod-ls)
;;; pod-ls.el ends here
