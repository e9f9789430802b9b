local hinge = require 'hinge'
local x = hinge.series(500)
for i = 1, #x do x[i] = 40 * math.sin(i / 60) ^ 2 + (i % 7) end
print(hinge.find_peaks(x, {distance = 203333333333333333333333333333333333333333333333, prominence = {5, nil}}))
