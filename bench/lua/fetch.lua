-- Workload "fetch": GET /v1/Services/{IS}/Bindings/{BS}, round-robin over a list of Binding sids.
--
-- Environment: BENCH_SERVICE (IS sid), BENCH_SIDS (file with one BS sid a line).
-- Each thread starts at a different offset of the list.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local service = assert(os.getenv("BENCH_SERVICE"), "BENCH_SERVICE is not set")
local sids_file = assert(os.getenv("BENCH_SIDS"), "BENCH_SIDS is not set")

local requests = {}
local i = 0

function init(args)
   local base = "/v1/Services/" .. service .. "/Bindings/"
   for line in io.lines(sids_file) do
      if #line > 0 then
         table.insert(requests, wrk.format("GET", base .. line))
      end
   end
   assert(#requests > 0, "no sids in " .. sids_file)
   i = ((tid - 1) * 997) % #requests
end

function request()
   i = i % #requests + 1
   return requests[i]
end
