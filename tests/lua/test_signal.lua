-- Lower-level signal functions against values printed by scipy 1.10.1:
--   sos = butter(2, 6, fs=100, output='sos'); t = arange(40)/100
--   y = sin(2 pi 3 t) + t + 1
local hinge = require "hinge"

local sos = hinge.butter(2, 6, 100)
local y = {}
for i = 0, 39 do
  local t = i / 100
  y[i + 1] = math.sin(2 * math.pi * 3 * t) + t + 1
end
local function pick(s) return {s[1], s[8], s[40]} end

return {
  {"sosfilt_zi should equal scipy's", function()
    T.near(hinge.sosfilt_zi(sos), {{0.9721402338828631, -0.5590597419440537}}, 1e-13)
  end},
  {"sosfiltfilt_padlen should be scipy's default", function()
    T.eq(hinge.sosfiltfilt_padlen(sos), 9)
    T.eq(hinge.sosfiltfilt_padlen(hinge.butter(4, 10, 200)), 15)
  end},
  {"sosfilt with a steady start should equal scipy's sosfilt with zi", function()
    T.near(pick(hinge.sosfilt(y, sos)), {0.9999999999999991, 1.545395165360095, 1.6580427481203877}, 1e-12)
  end},
  {"sosfilt from rest should equal scipy's sosfilt", function()
    T.near(pick(hinge.sosfilt(y, sos, {steady = false})),
           {0.02785976611713602, 1.4838191676327055, 1.6580750625942644}, 1e-12)
  end},
  {"sosfiltfilt should equal scipy's, with default and zero padding", function()
    T.near(pick(hinge.sosfiltfilt(y, sos)), {1.0101250452990893, 1.9820755877977874, 2.3063030103980586}, 1e-12)
    T.near(pick(hinge.sosfiltfilt(y, sos, {padlen = 0})),
           {1.2150864665456906, 1.9528957974468844, 1.658042748120386}, 1e-12)
  end},
  {"sosfiltfilt on a signal shorter than the padding should return nil, message", function()
    local v, msg = hinge.sosfiltfilt({1, 2, 3}, sos)
    assert(v == nil and msg:find("3"), msg)
  end},
  {"a malformed sos should raise", function()
    T.raises("6 numbers", hinge.sosfilt, y, {{1, 2, 3}})
  end},
  {"winter_correction should be 0.802 for two passes of order 2", function()
    T.near(hinge.winter_correction(2), (2 ^ 0.5 - 1) ^ 0.25, 1e-15)
    T.near(hinge.winter_correction(2), 0.802, 1e-3)
  end},
  {"savgol_coeffs should equal scipy's (use='dot') for a first derivative", function()
    T.near(hinge.savgol_coeffs(5, 2, {deriv = 1, fs = 100}):totable(), {-20.0, -10.0, 0.0, 10.0, 20.0}, 1e-12)
    T.near(hinge.savgol_coeffs(5, 2):totable(), {-3 / 35, 12 / 35, 17 / 35, 12 / 35, -3 / 35}, 1e-14)
  end},
  {"lowpass_design should summarise the default filter", function()
    local d = hinge.lowpass_design{fs = 100}
    T.eq(d.min_length, 10)
    T.eq(d.design_cutoff_hz, 6.0)
    T.near(d.sos, sos, 1e-15)
    assert(d.description:find("Butterworth N=2 6 Hz zero%-phase"), d.description)
    local c = hinge.lowpass_design{fs = 100, correct_cutoff = true}
    T.near(c.design_cutoff_hz, 6 / hinge.winter_correction(2), 1e-12)
  end},
  {"peak_prominences and peak_widths should equal scipy's (1-based)", function()
    local x = {0, 1, 0, 2, 0, 3, 0, 1.5, 0, 0.5, 4, 0}
    local peaks = {2, 4, 6, 8, 11}
    local prom, lb, rb = hinge.peak_prominences(x, peaks)
    T.eq(prom, {1.0, 2.0, 3.0, 1.5, 4.0})
    T.eq(lb, {1, 3, 5, 7, 9})
    T.eq(rb, {3, 5, 7, 9, 12})
    local w, h, l, r = hinge.peak_widths(x, peaks)
    T.near(w, {1, 1, 1, 1, 1.0714285714285714}, 1e-12)
    T.near(h, {0.5, 1, 1.5, 0.75, 2}, 1e-15)
    T.near(l, {1.5, 3.5, 5.5, 7.5, 10.428571428571429}, 1e-12)
    T.near(r, {2.5, 4.5, 6.5, 8.5, 11.5}, 1e-12)
  end},
  {"a peak index out of range should raise", function()
    T.raises("out of range", hinge.peak_prominences, {0, 1, 0}, {4})
  end},
}
