-- pod-ls for Neovim 0.11+: put this file on your 'runtimepath' as lsp/pod_ls.lua
-- (for example ~/.config/nvim/lsp/pod_ls.lua), then call vim.lsp.enable('pod_ls').
--
-- Settings go in the "podls" section, e.g.
--   vim.lsp.config('pod_ls', { settings = { podls = { rules = { ['image-tag'] = 'off' } } } })
-- An empty Lua table is sent as a JSON array: leave a setting out rather than set it to {}.

--- Neovim's hover window shows markdown tables as typed, pipes and rules and all: pod-ls's
--- tables of values and their meaning are shown as lists there instead.
local function tables_as_lists(markdown)
  local lines, in_table = {}, false
  for line in vim.gsplit(markdown, '\n', { plain = true }) do
    local row = line:match('^|(.*)|%s*$')
    if not row then
      in_table = false
      table.insert(lines, line)
    elseif not in_table then
      in_table = true -- the header row
    elseif not row:match('^[%s:|-]+$') then
      local cells = vim.tbl_map(vim.trim, vim.split(row, '|', { plain = true }))
      table.insert(lines, ('- %s: %s'):format(cells[1], table.concat(cells, ' · ', 2)))
    end
  end
  return table.concat(lines, '\n')
end

--- The completion menu's info window shows text as it comes, stars and backticks included:
--- pod-ls's Markdown docs go there without their marks, tables as lists.
local function as_plain_text(markdown)
  return (tables_as_lists(markdown):gsub('%*%*(.-)%*%*', '%1'):gsub('`([^`\n]+)`', '%1'))
end

-- Neovim loads this file when a YAML buffer first opens, and without the server only writes
-- "not executable" to its LSP log: say it once, in one short line (a longer one would stop at
-- a Press ENTER prompt), once any vim.lsp.config() of the user is merged in.
vim.schedule(function()
  local cmd = vim.lsp.config.pod_ls and vim.lsp.config.pod_ls.cmd
  if type(cmd) == 'table' and vim.fn.executable(cmd[1]) == 0 then
    vim.notify_once(('pod-ls: %s not found; see :checkhealth vim.lsp'):format(cmd[1]), vim.log.levels.WARN)
  end
end)

---@type vim.lsp.Config
return {
  cmd = { 'pod-ls' },
  filetypes = { 'yaml' },
  root_markers = { '.pod-ls.json', '.git' },
  -- Without vim.lsp.completion, <C-x><C-o> (the omnifunc Neovim sets) inserts an item's label
  -- alone: `spec` with no colon, `Pod` for a whole Pod. With it, accepting an item (<C-y>)
  -- expands the snippet pod-ls sends (a field's `key: ` and body, a resource's skeleton); menus
  -- open only when asked. A lone match must show its menu too ('menuone', in this buffer only):
  -- accepted without one, the snippet's first placeholder is selected one character short.
  on_attach = function(client, bufnr)
    vim.lsp.completion.enable(true, client.id, bufnr, {
      autotrigger = false,
      convert = function(item)
        local doc = item.documentation
        if type(doc) == 'table' and doc.kind == 'markdown' then
          return { info = as_plain_text(doc.value) }
        end
        return {}
      end,
    })
    vim.api.nvim_buf_call(bufnr, function()
      if not vim.tbl_contains(vim.opt_local.completeopt:get(), 'menuone') then
        vim.opt_local.completeopt:append('menuone')
      end
    end)
  end,
  on_init = function(client)
    local request = client.request
    client.request = function(self, method, params, handler, bufnr)
      if method == 'textDocument/hover' and handler then
        local show = handler
        handler = function(err, result, ctx, config)
          if result and type(result.contents) == 'table' and result.contents.kind == 'markdown' then
            result.contents.value = tables_as_lists(result.contents.value)
          end
          return show(err, result, ctx, config)
        end
      end
      return request(self, method, params, handler, bufnr)
    end
  end,
}
