;;; emacs_session.el --- driven by tests/test_editors.py  -*- lexical-binding: t; -*-
;; Opens a manifest in batch Emacs with the shipped editors/emacs/pod-ls.el, lets eglot start
;; pod-ls, and prints as JSON the diagnostics, completion candidates, hover text and the
;; buffer's workspace configuration, or, when starting fails, the message it gave.
;; $PODLS_EMACS_BEFORE is Lisp evaluated before pod-ls.el is loaded: a user's own init.

(require 'package)
(package-initialize)
(require 'eglot)
(let ((before (getenv "PODLS_EMACS_BEFORE")))
  (when (> (length before) 0)
    (eval (car (read-from-string before)) t)))
(load (getenv "PODLS_EMACS_CONFIG") nil t)
(require 'yaml-mode)
(require 'json)

(defun podls-test--wait (predicate seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall predicate)))

(find-file (getenv "PODLS_MANIFEST"))
(let ((failure (condition-case err
                   (progn (run-hooks 'post-command-hook) nil) ; eglot-ensure starts the server from this hook
                 (error (error-message-string err)))))
  (when failure
    (princ (json-encode (list :error failure :server (if (eglot-current-server) t :json-false))))
    (terpri)
    (kill-emacs 0)))
(podls-test--wait (lambda () (eglot-current-server)) 20)
(flymake-start)
(podls-test--wait (lambda () (flymake-diagnostics)) 20)
(let* ((diagnostics
        (mapcar (lambda (d)
                  (list :line (line-number-at-pos (flymake-diagnostic-beg d))
                        :type (symbol-name (flymake-diagnostic-type d))
                        :text (flymake-diagnostic-text d)))
                (flymake-diagnostics)))
       (server (eglot-current-server))
       (hover-line (string-to-number (getenv "PODLS_HOVER_LINE")))
       (hover-col (string-to-number (getenv "PODLS_HOVER_COL")))
       (hover (jsonrpc-request server :textDocument/hover
                               (list :textDocument (eglot--TextDocumentIdentifier)
                                     :position (list :line hover-line :character hover-col))))
       (completion (jsonrpc-request server :textDocument/completion
                                    (list :textDocument (eglot--TextDocumentIdentifier)
                                          :position (list :line hover-line :character 13))))
       ;; As a person completes: the value typed half-way, then the key Emacs binds to completion.
       (typed (save-excursion
                (goto-char (point-min))
                (forward-line hover-line)
                (end-of-line)
                (delete-region (line-beginning-position) (point))
                (insert "  dnsPolicy: ClusterFirstW")
                (call-interactively (key-binding (kbd "C-M-i")))
                (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))
  (princ (json-encode
          (list :diagnostics (vconcat diagnostics)
                :hover (plist-get (plist-get hover :contents) :value)
                :completion (vconcat (mapcar (lambda (item) (plist-get item :label))
                                             (plist-get completion :items)))
                :typed typed
                :configuration (eglot--workspace-configuration-plist server)
                ;; As eglot answers the server's workspace/configuration request.
                :podls_section (eglot-handle-request server 'workspace/configuration
                                                     :items (vector (list :section "podls"))))))
  (terpri))
(kill-emacs 0)
