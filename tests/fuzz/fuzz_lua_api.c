/*
 * fuzz_lua_api -- the Lua binding called with fuzzed data by a fixed
 * driver script, inside the sandbox (16 MiB, 3 s).  The input, after an
 * options byte, is written to a scratch folder (the only folder the
 * sandbox may read) as input.csv and also passed as a string, and the
 * driver feeds it to hinge.json.decode, hinge.csv.read, hinge.load and
 * the Session methods, hinge.analyze, hinge.recovery.assess (from the
 * file and from the rows hinge.csv.read gave), and, as a trace of 16-bit
 * samples, to hinge.series, find_peaks, lowpass, savgol, despike,
 * fill_gaps, resample, unwrap, residual_cutoff, sosfilt(filt) and
 * recovery.load_metrics, with options taken from the options byte.
 * Errors raised or returned are expected; findings are sanitizer reports,
 * leaks and sandbox escapes (fuzz_lua_common.h).
 */
#include "fuzz_lua_common.h"

static const char driver[] =
  "local data, path, b = ...\n"
  "local hinge = require 'hinge'\n"
  "local delims = {nil, ',', ';', '\\t'}\n"
  "pcall(hinge.json.decode, data, 'fuzz.json')\n"
  "local ok, rows = pcall(hinge.csv.read, path, {header = b & 1 == 1, delimiter = delims[(b >> 1 & 3) + 1]})\n"
  "local ok2, s = pcall(hinge.load, path, {lenient = b & 8 ~= 0, fs = (b & 16 ~= 0) and 50 or nil})\n"
  "if ok2 and s then\n"
  "  pcall(function()\n"
  "    local cols = s:columns(); s:schema(); s:timing(); s:gaps(); s:warnings(); local _ = s.meta, #s\n"
  "    local huge = false\n"
  "    for _, c in ipairs(cols) do\n"
  "      local x = s:column(c.name)\n"
  "      if x then\n"
  "        local st = x:stats(); x:totable(); x:close()\n"
  "        huge = huge or math.abs(st.min) > 1e300 or math.abs(st.max) > 1e300\n"
  "      end\n"
  "    end\n"
  "    -- known bug (crashes-found #11): angles near DBL_MAX overflow the despiking median\n"
  "    if not (huge and KNOWN_BUGS) then hinge.analyze(s, {thresholds = {lumbar_rounding_deg = 1 + (b >> 5)}}) end\n"
  "  end)\n"
  "  s:close()\n"
  "end\n"
  "if ok and type(rows) == 'table' then\n"
  "  pcall(hinge.recovery.assess, {soreness = rows, training = rows, lenient = b & 4 ~= 0})\n"
  "  pcall(hinge.recovery.load_metrics, rows, {athlete = 'ana'})\n"
  "end\n"
  "pcall(hinge.recovery.assess, {soreness = path, training = path, lenient = b & 4 ~= 0, athlete = (b & 32 ~= 0) and 'ana' or nil})\n"
  "local t = {}\n"
  "for i = 2, #data - 1, 2 do t[#t + 1] = string.unpack('<i2', data, i) / 8 end\n"
  "local x = hinge.series(t)\n"
  "pcall(hinge.find_peaks, x, {distance = 1 + (b & 7), prominence = {b % 5, nil}, all_properties = b & 64 ~= 0})\n"
  "pcall(hinge.lowpass, x, {fs = 20 + b, cutoff = 1 + b % 9, order = 1 + b % 8, zero_phase = b & 2 == 0})\n"
  "pcall(hinge.savgol, x, {window = 2 * (b % 10) + 3, order = b % 3, deriv = b % 2, fs = 50})\n"
  "pcall(hinge.despike, x, {fs = 50, k = b % 4})\n"
  "local y = hinge.series(t)\n"
  "for i = 1, #y, 7 do y[i] = 0 / 0 end\n"
  "pcall(hinge.fill_gaps, y, {fs = 50, method = (b & 1 == 1) and 'cubic' or 'linear'})\n"
  "local tt = {}\n"
  "for i = 1, #t do tt[i] = i / 50 + ((b & 1 == 1) and (t[i] % 3) / 1000 or 0) end\n"
  "pcall(hinge.resample, tt, x, {fs = 1 + b})\n"
  "pcall(hinge.unwrap, x, {period = 1 + b})\n"
  "pcall(hinge.residual_cutoff, x, {fs = 100, count = 2 + b % 20})\n"
  "local ok3, sos = pcall(hinge.butter, 1 + b % 8, 1 + b % 20, 100)\n"
  "if ok3 then pcall(hinge.sosfilt, x, sos); pcall(hinge.sosfiltfilt, x, sos); pcall(hinge.sosfilt_zi, sos) end\n"
  "pcall(hinge.recovery.load_metrics, x)\n"
  "pcall(hinge.e1rm, t[1] or 0, math.tointeger(t[2] or 1) or 1)\n"
  "pcall(hinge.plates, t[1] or 0)\n"
  "pcall(hinge.day_number, data)\n"
  "x:close(); y:close()\n";

static char dir[64], input[96];

static void cleanup(void) {
  unlink(input);
  rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lua_State *L;
  FILE *f;
  if (dir[0] == '\0') {
    fuzz_lua_init_process();
    snprintf(dir, sizeof dir, "/tmp/hinge-fuzz-lua-XXXXXX");
    if (mkdtemp(dir) == NULL) abort();
    snprintf(input, sizeof input, "%s/input.csv", dir);
    atexit(cleanup);
  }
  if (size < 1) return 0;
  f = fopen(input, "wb");
  if (f == NULL) abort();
  fwrite(data + 1, 1, size - 1, f);
  fclose(f);
  L = fuzz_lua_newstate(dir, 16u << 20, 3.0);
  if (luaL_loadbufferx(L, driver, sizeof driver - 1, "=driver", "t") != LUA_OK) {
    fprintf(stderr, "fuzz: driver: %s\n", lua_tostring(L, -1));
    abort();
  }
  lua_pushboolean(L, FUZZ_KNOWN_BUG(1));
  lua_setglobal(L, "KNOWN_BUGS");
  lua_pushlstring(L, (const char *)data + 1, size - 1);
  lua_pushstring(L, input);
  lua_pushinteger(L, data[0]);
  if (fuzz_lua_run(L, 3) != LUA_OK && hinge_sandbox_limit_hit(L) == 0) {
    /* The driver catches every error it expects: anything else is a
     * broken driver (or a binding raising where it documents a return). */
  }
  fuzz_lua_close(L);
  return 0;
}
