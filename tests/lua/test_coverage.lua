-- Binding and documentation coverage (as luv checks its bindings and docs):
-- every public C function has a Lua binding (or a stated reason not to),
-- and every Lua function and method has an entry in docs/lua.md.
local hinge = require "hinge"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function ls(dir, pattern)
  local out = {}
  -- The file lists come from the build system's view of the tree: the
  -- runner gets the source dir, and the headers and binding files are
  -- listed here by a glob through the shell (tests run on POSIX systems).
  local p = assert(io.popen('ls "' .. dir .. '"'))
  for name in p:lines() do
    if name:match(pattern) then out[#out + 1] = dir .. "/" .. name end
  end
  p:close()
  return out
end

-- C functions that deliberately have no Lua binding, with the reason.
local not_bound = {
  hinge_session_extensions = "in hinge.session_files' error for a folder with no session file",
  hinge_session_file_name = "the rule hinge.session_files applies in folders",
  hinge_session_paths_folders = "the CLI's choice of an array; Lua sees the list",
  hinge_version_number = "hinge.version() returns it as its second value",
  hinge_err_name = "Lua errors carry messages, not codes",
  hinge_error_clear = "C error-struct plumbing",
  hinge_error_format = "C error-struct plumbing; Lua gets the formatted message",
  hinge_median_inplace = "exposed through Series:stats().median",
  hinge_e1rm_formula_parse = "the binding takes the formula name directly",
  hinge_csv_read_buffer = "the callback API is for C; Lua reads through the pull reader",
  hinge_csv_read_file = "the callback API is for C; Lua reads through the pull reader",
  hinge_csv_open_buffer = "Lua reads files (hinge.csv.read)",
  hinge_csv_reader_info = "what was detected reaches Lua through Session:schema()",
  hinge_table_load_buffer = "Lua loads files (hinge.load)",
  hinge_table_role_column = "Session:column(name_or_role) resolves roles",
  hinge_describe_despike = "history lines reach Lua in analysis results' processing",
  hinge_describe_fill_gaps = "history lines reach Lua in analysis results' processing",
  hinge_describe_resample = "history lines reach Lua in analysis results' processing",
  hinge_describe_unwrap = "history lines reach Lua in analysis results' processing",
  hinge_savgol_describe = "history lines reach Lua in analysis results' processing",
  hinge_hampel_opts_init = "Lua passes option tables with the same defaults",
  hinge_condition = "Lua chains hinge.despike, hinge.fill_gaps, hinge.lowpass (the same core calls; tests/cli/test_filter_condition.sh checks they agree)",
  hinge_condition_options_init = "Lua chains the single steps (see hinge_condition)",
  hinge_condition_options_check = "Lua chains the single steps (see hinge_condition)",
  hinge_analyze_config_init = "Lua lists the defaults with hinge.analyze_thresholds()",
  hinge_analyze_config_default = "deprecated alias of hinge_analyze_config_init (docs/c-api.md)",
  hinge_lowpass_check = "deprecated alias of hinge_lowpass_opts_check (docs/c-api.md)",
  hinge_savgol_check = "deprecated alias of hinge_savgol_opts_check (docs/c-api.md)",
  hinge_recovery_config_default = "deprecated alias of hinge_recovery_config_init (docs/c-api.md)",
  hinge_trainload_options_default = "deprecated alias of hinge_trainload_options_init (docs/c-api.md)",
  hinge_lowpass_opts_check = "hinge.lowpass checks its options table",
  hinge_savgol_opts_check = "hinge.savgol checks its options table",
  hinge_residual_opts_check = "hinge.residual_cutoff checks its options table",
  hinge_flag_name = "Lua uses the flag words themselves",
  hinge_flags_parse = "Lua uses the flag words themselves",
  hinge_quality_name = "Lua uses the quality words themselves",
  hinge_quality_parse = "Lua uses the quality words themselves",
  hinge_logs_add_soreness = "Lua passes rows as fields (hinge_logs_add_soreness_fields)",
  hinge_logs_add_training = "Lua passes rows as fields (hinge_logs_add_training_fields)",
  hinge_recovery_config_help = "Lua lists thresholds with hinge.recovery.thresholds()",
  hinge_analysis_config = "the caller of hinge.analyze already holds the options it gave",
  hinge_analyze_arrays = "Lua analyses sessions or paths (hinge.analyze); arrays are the C entry",
  hinge_analyze_config_check = "hinge.analyze checks every threshold as it sets it",
  hinge_analyze_inplace = "a Lua session stays usable after hinge.analyze; conditioning a table in place is for callers about to destroy it (the CLI)",
  hinge_analyze_config_get = "Lua lists the defaults with hinge.analyze_thresholds()",
  hinge_logs_create = "deprecated alias of hinge_logs_new",
  hinge_logs_soreness = "a coach's rule reads the athlete's rows through hinge_athlete_view",
  hinge_logs_soreness_count = "a coach's rule reads the athlete's rows through hinge_athlete_view",
  hinge_logs_training = "a coach's rule reads the athlete's rows through hinge_athlete_view",
  hinge_logs_training_count = "a coach's rule reads the athlete's rows through hinge_athlete_view",
  hinge_logs_analysis = "a coach's rule reads the athlete's rows through hinge_athlete_view",
  hinge_logs_analysis_count = "a coach's rule reads the athlete's rows through hinge_athlete_view",
  hinge_recovery_config_init = "Lua lists the defaults with hinge.recovery.thresholds()",
  hinge_recovery_config_check = "hinge.recovery.assess checks every threshold as it sets it",
  hinge_csv_options_init = "Lua passes option tables with the same defaults",
  hinge_csv_options_check = "hinge.csv.read runs the same check",
  hinge_log_options_init = "Lua passes option tables with the same defaults",
  hinge_log_options_check = "every log option value is accepted",
  hinge_trainload_options_init = "Lua passes option tables with the same defaults",
  hinge_trainload_options_check = "hinge.recovery.load_metrics runs the same check",
}
-- Accessors the output shapes' walkers read (hinge/sink.h): Lua gets their
-- values as fields of the result tables, built by the same walk as the JSON.
for _, name in ipairs({"hinge_analysis_athlete", "hinge_analysis_date", "hinge_analysis_file",
    "hinge_analysis_processing", "hinge_analysis_processing_count", "hinge_analysis_rep_count",
    "hinge_analysis_reps", "hinge_analysis_sample_rate", "hinge_analysis_samples",
    "hinge_analysis_segmented_on", "hinge_analysis_set", "hinge_analysis_set_label",
    "hinge_analysis_standing", "hinge_analysis_summary", "hinge_analysis_warning",
    "hinge_analysis_warning_count", "hinge_form_verdict_name", "hinge_logs_warning",
    "hinge_logs_warning_count", "hinge_rep_flag_name", "hinge_trajectory_name",
    "hinge_trend_name", "hinge_analysis_set_count", "hinge_analysis_sets",
    "hinge_neutral_source_name", "hinge_exercise_name", "hinge_set_end_name"}) do
  not_bound[name] = not_bound[name] or "a field of hinge.analyze / hinge.recovery.assess results (the walk)"
end

local src = T.source
local binding = {}
for _, f in ipairs(ls(src .. "/lua", "%.c$")) do binding[#binding + 1] = read(f) end
binding = table.concat(binding, "\n")
local docs = read(src .. "/docs/lua.md")

local function public_functions()
  local names = {}
  for _, h in ipairs(ls(src .. "/include/hinge", "%.h$")) do
    if not h:match("/lua%.h$") then -- the embedding API is for C hosts
      local text = read(h)
      for name in text:gmatch("HINGE_EXPORT[^;(]-[%s%*]([%w_]+)%s*%(") do
        if name:match("^hinge_") then names[#names + 1] = name end
      end
    end
  end
  table.sort(names)
  return names
end

local function lua_functions()
  local out, seen = {}, {}
  local function walk(prefix, t, depth)
    if seen[t] or depth > 2 then return end
    seen[t] = true
    for k, v in pairs(t) do
      if type(k) == "string" and not k:match("^_") then
        if type(v) == "function" then out[#out + 1] = prefix .. k
        elseif type(v) == "table" then walk(prefix .. k .. ".", v, depth + 1) end
      end
    end
  end
  walk("hinge.", hinge, 0)
  for name in pairs(package.preload) do
    if name:match("^hinge%.") then walk(name:match("^hinge%.(.*)") .. ".", require(name), 1) end
  end
  -- Methods of the userdata classes, through their metatables.
  for _, class in ipairs({"hinge.Series", "hinge.Session"}) do
    local mt = debug and debug.getregistry and debug.getregistry()[class]
    if mt and type(mt.__methods) == "table" then
      for k in pairs(mt.__methods) do out[#out + 1] = class:match("%.(.*)") .. ":" .. k end
    end
  end
  table.sort(out)
  return out
end

return {
  {"every public C function should have a Lua binding or a stated reason", function()
    local missing = {}
    for _, name in ipairs(public_functions()) do
      if not not_bound[name] and not binding:find("%f[%w_]" .. name .. "%f[^%w_]") then missing[#missing + 1] = name end
    end
    if #missing > 0 then error("no Lua binding for: " .. table.concat(missing, ", ")) end
  end},
  {"every exemption should name a function that exists", function()
    local exists = {}
    for _, name in ipairs(public_functions()) do exists[name] = true end
    for name in pairs(not_bound) do
      assert(exists[name], "stale exemption: " .. name)
    end
  end},
  {"every Lua function and method should be documented in docs/lua.md", function()
    local missing = {}
    for _, name in ipairs(lua_functions()) do
      -- documented as `hinge.x(`, `program.x(` or `s:x(` / `Series:x(`
      local short = name:match("[%.:]([%w_]+)$")
      local sep = name:find(":") and ":" or "."
      if not docs:find(name, 1, true) and not docs:find(sep .. short .. "(", 1, true) then
        missing[#missing + 1] = name
      end
    end
    if #missing > 0 then error("not in docs/lua.md: " .. table.concat(missing, ", ")) end
  end},
}
