-- pod-ls for Neovim 0.11+: put this file on your 'runtimepath' as lsp/pod_ls.lua
-- (for example ~/.config/nvim/lsp/pod_ls.lua), then call vim.lsp.enable('pod_ls').
---@type vim.lsp.Config
return {
  cmd = { 'pod-ls' },
  filetypes = { 'yaml' },
  root_markers = { '.pod-ls.json', '.git' },
  -- Sent as initializationOptions and answered to workspace/configuration ("podls").
  settings = {
    podls = {
      rules = {},
    },
  },
}
