-- Workload "list": GET the URL given to wrk as is (run.sh passes
-- /v1/Services/{IS}/Bindings?Tag=<tag>&PageSize=50); only counts statuses and reports.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")
