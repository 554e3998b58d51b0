-- Driven by tests/test_neovim.py: opens a manifest in a real headless Neovim with the
-- shipped editors/nvim/lsp/pod_ls.lua, collects diagnostics, completion and hover, and
-- writes them as JSON to the file named by $PODLS_RESULT.
local result = { diagnostics = {}, completion = {}, hover = '', actions = {} }
local out = os.getenv('PODLS_RESULT')

-- Start-up (issue #12): every message of warning level or above that a user would have to
-- see, from the server (window/showMessage) or Neovim (vim.notify), and the message history,
-- where a long message ends in a Press ENTER prompt that a headless Neovim never shows.
result.startup_messages = {}
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, params, ctx)
  if params.type <= vim.lsp.protocol.MessageType.Warning then
    table.insert(result.startup_messages, params.message)
  end
  return show_message(err, params, ctx)
end
local notify = vim.notify
vim.notify = function(message, level, opts)
  if (level or vim.log.levels.INFO) >= vim.log.levels.WARN then
    table.insert(result.startup_messages, message)
  end
  return notify(message, level, opts)
end

local function finish()
  result.message_history = vim.api.nvim_exec2('messages', { output = true }).output
  result.clients = #vim.lsp.get_clients({ name = 'pod_ls' })
  local file = assert(io.open(out, 'w'))
  file:write(vim.json.encode(result))
  file:close()
  vim.cmd('qa!')
end

vim.lsp.enable('pod_ls')
vim.cmd.edit(os.getenv('PODLS_MANIFEST'))
local buf = vim.api.nvim_get_current_buf()
if os.getenv('PODLS_START_ONLY') then -- the start with no server: until Neovim says so
  vim.wait(5000, function() return #result.startup_messages > 0 end, 20)
  finish()
  return
end

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

-- Navigation across files (test_neovim_goes_to_a_config_map_in_another_file): definition from
-- a configMapKeyRef's name lands in the file that declares the ConfigMap, once the workspace
-- scan has read it (asked until the server knows it, then jumped with the editor's command).
if os.getenv('PODLS_XFILE_LINE') then
  local from = { tonumber(os.getenv('PODLS_XFILE_LINE')) + 1, tonumber(os.getenv('PODLS_XFILE_COL')) }
  local known = vim.wait(15000, function()
    local lsp = vim.lsp.get_clients({ bufnr = buf, name = 'pod_ls' })[1]
    if not lsp then
      return false
    end
    local reply = lsp:request_sync('textDocument/definition', {
      textDocument = vim.lsp.util.make_text_document_params(buf),
      position = { line = from[1] - 1, character = from[2] },
    }, 2000, buf)
    return reply ~= nil and reply.result ~= nil and #reply.result > 0
  end, 100)
  if not known then
    result.error = 'no definition in another file'
    finish()
    return
  end
  vim.api.nvim_win_set_cursor(0, from)
  vim.lsp.buf.definition()
  vim.wait(5000, function() return vim.api.nvim_get_current_buf() ~= buf end, 20)
  local cursor = vim.api.nvim_win_get_cursor(0)
  result.xfile = { file = vim.api.nvim_buf_get_name(0), line = cursor[1] - 1, col = cursor[2] }
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

-- Hover as K shows it (issue #12): the lines of its floating window.
vim.api.nvim_win_set_cursor(0, { params.position.line + 1, params.position.character })
vim.lsp.buf.hover()
local function hover_window()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      return win
    end
  end
end
if vim.wait(5000, function() return hover_window() ~= nil end, 20) then
  result.hover_window = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(hover_window()), 0, -1, false)
  vim.api.nvim_win_close(hover_window(), true)
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

-- Inlay hints: what Neovim itself shows once they are enabled (the API server's defaults).
result.inlay_hints = {}
vim.lsp.inlay_hint.enable(true, { bufnr = buf })
vim.wait(10000, function()
  return #vim.lsp.inlay_hint.get({ bufnr = buf }) > 0
end, 50)
for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
  local label = item.inlay_hint.label
  if type(label) == 'table' then
    local parts = {}
    for _, part in ipairs(label) do
      table.insert(parts, part.value)
    end
    label = table.concat(parts)
  end
  table.insert(result.inlay_hints, { line = item.inlay_hint.position.line, label = label })
end

-- Authoring from nothing (#11): completion on an empty file offers whole resources as snippets.
-- Expanding the Deployment one with vim.snippet, then a probe body typed below its image, shows
-- how Neovim itself indents what the server sends.
local function complete_at(buf, line, character)
  local lsp = vim.lsp.get_clients({ bufnr = buf, name = 'pod_ls' })[1]
  local reply = lsp:request_sync('textDocument/completion', {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = { line = line, character = character },
  }, 5000, buf)
  return reply and reply.result and (reply.result.items or reply.result) or {}
end

local function expand_item(items, label, row, col)
  for _, item in ipairs(items) do
    if item.label == label then
      vim.o.virtualedit = 'onemore' -- the cursor after the line's end, as in Insert mode
      vim.api.nvim_win_set_cursor(0, { row + 1, col })
      vim.snippet.expand(item.textEdit.newText)
      vim.snippet.stop()
      vim.o.virtualedit = ''
      return item
    end
  end
end

local empty = os.getenv('PODLS_EMPTY')
if empty then
  result.authoring = { items = {}, text = '' }
  vim.cmd.edit(empty)
  local new = vim.api.nvim_get_current_buf()
  if vim.wait(15000, function() return #vim.lsp.get_clients({ bufnr = new, name = 'pod_ls' }) > 0 end, 50) then
    local items = complete_at(new, 0, 0)
    for _, item in ipairs(items) do
      table.insert(result.authoring.items, { label = item.label, format = item.insertTextFormat, kind = item.kind })
    end
    expand_item(items, 'Deployment', 0, 0)
    local lines = vim.api.nvim_buf_get_lines(new, 0, -1, false)
    for row, text in ipairs(lines) do
      if text:match('^ +image: ') then
        local indent = text:match('^ +')
        vim.api.nvim_buf_set_lines(new, row, row, false, { indent .. 'livenessP' })
        local probe = complete_at(new, row, #indent + 9)
        vim.api.nvim_buf_set_text(new, row, #indent, row, #indent + 9, { '' })
        expand_item(probe, 'livenessProbe', row, #indent)
        break
      end
    end
    result.authoring.text = table.concat(vim.api.nvim_buf_get_lines(new, 0, -1, false), '\n')
  end
end

result.encoding = client.offset_encoding
finish()
