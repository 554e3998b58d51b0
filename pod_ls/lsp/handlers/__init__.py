"""The LSP handlers, one module per area, each registered by `lsp.app`: they convert and
delegate, and hold no rule or feature logic."""
