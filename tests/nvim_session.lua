-- Driven by tests/test_neovim.py: opens a manifest in a real headless Neovim with the
-- shipped editors/nvim/lsp/pod_ls.lua, collects diagnostics, completion and hover, and
-- writes them as JSON to the file named by $PODLS_RESULT.
local result = { diagnostics = {}, completion = {}, hover = '', actions = {} }
local out = os.getenv('PODLS_RESULT')

local function finish()
  local file = assert(io.open(out, 'w'))
  file:write(vim.json.encode(result))
  file:close()
  vim.cmd('qa!')
end

vim.lsp.enable('pod_ls')
vim.cmd.edit(os.getenv('PODLS_MANIFEST'))
local buf = vim.api.nvim_get_current_buf()

-- Navigation (test_neovim_goes_to_a_volume_and_renames_it): go to definition from a mount's
-- name, then rename the volume from there with the editor's own commands.
if os.getenv('PODLS_DEFINITION_LINE') then
  local attached = vim.wait(15000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = 'pod_ls' }) > 0
  end, 50)
  if not attached then
    result.error = 'pod_ls did not attach'
    finish()
    return
  end
  local from = { tonumber(os.getenv('PODLS_DEFINITION_LINE')) + 1, tonumber(os.getenv('PODLS_DEFINITION_COL')) }
  vim.api.nvim_win_set_cursor(0, from)
  vim.lsp.buf.definition()
  vim.wait(5000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= from[1] end, 20)
  local cursor = vim.api.nvim_win_get_cursor(0)
  result.definition = { line = cursor[1] - 1, col = cursor[2] }
  vim.api.nvim_win_set_cursor(0, from)
  local before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  vim.lsp.buf.rename(os.getenv('PODLS_RENAME_TO'))
  vim.wait(5000, function()
    return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') ~= before
  end, 20)
  result.renamed = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  finish()
  return
end

local ok = vim.wait(15000, function()
  return #vim.lsp.get_clients({ bufnr = buf, name = 'pod_ls' }) > 0
    and #vim.diagnostic.get(buf) > 0
end, 50)
if not ok then
  result.error = 'no diagnostics'
  finish()
  return
end
vim.wait(300) -- the server publishes once; give a late duplicate a chance to show up
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, {
    line = d.lnum, col = d.col, end_col = d.end_col, code = d.code, message = d.message,
    severity = d.severity, source = d.source,
  })
end

local client = vim.lsp.get_clients({ bufnr = buf, name = 'pod_ls' })[1]
local line = tonumber(os.getenv('PODLS_COMPLETE_LINE'))
local col = tonumber(os.getenv('PODLS_COMPLETE_COL'))
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  position = { line = line, character = col },
}
local response = client:request_sync('textDocument/completion', params, 5000, buf)
if response and response.result then
  for _, item in ipairs(response.result.items or response.result) do
    table.insert(result.completion, item.label)
  end
end

params.position = {
  line = tonumber(os.getenv('PODLS_HOVER_LINE')), character = tonumber(os.getenv('PODLS_HOVER_COL')),
}
response = client:request_sync('textDocument/hover', params, 5000, buf)
if response and response.result then
  result.hover = response.result.contents.value
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.code == 'probe-success-threshold' then
    params = {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      context = { diagnostics = { d.user_data.lsp } },
    }
    response = client:request_sync('textDocument/codeAction', params, 5000, buf)
    result.actions = {}
    for _, action in ipairs(response and response.result or {}) do
      table.insert(result.actions, action.title)
    end
  end
end
result.encoding = client.offset_encoding
finish()
