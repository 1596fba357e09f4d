-- Workload "create": POST /v1/Services/{IS}/Bindings, every request a new Binding.
--
--   Address   = "addr-<prefix>-<tid>-<n>"      unique per run prefix, thread and counter
--   Identity  = "user-<prefix>-<tid>-<n/2>"    two Bindings per Identity (the limit is 20)
--   Tag       = "news" on every Binding, plus 1 or 2 of "tag-0".."tag-99" (uniform),
--               plus "rare" on every 1000th Binding of a thread
--   BindingType alternates apn / fcm (no Credential, so no lookups beyond the Service)
--
-- Environment: BENCH_SERVICE (IS sid, required), BENCH_PREFIX (keeps Addresses unique across runs),
-- BENCH_QUOTA (total responses to collect, split over the threads; 0 or unset = run for -d),
-- BENCH_THREADS (wrk -t, needed to split the quota), BENCH_MARKS (directory: a thread that has
-- reached its quota stops itself and writes BENCH_MARKS/done-<tid>, so run.sh can end wrk early).

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local service = assert(os.getenv("BENCH_SERVICE"), "BENCH_SERVICE is not set")
local prefix = os.getenv("BENCH_PREFIX") or "r"
local quota_total = tonumber(os.getenv("BENCH_QUOTA") or "0") or 0
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1") or 1
local marks = os.getenv("BENCH_MARKS")
assert(quota_total == 0 or quota_total >= nthreads, "BENCH_QUOTA must be 0 or at least BENCH_THREADS")

function setup(thread)
   local id = bench_setup(thread)
   local q = 0
   if quota_total > 0 then
      q = math.floor(quota_total / nthreads)
      if id <= quota_total % nthreads then
         q = q + 1
      end
   end
   thread:set("quota", q)
end

local path = "/v1/Services/" .. service .. "/Bindings"
local types = { "apn", "fcm" }
local n = 0
local responses = 0
local stopped = false

function init(args)
   local seed = tid * 7919
   for c in prefix:gmatch(".") do
      seed = seed * 31 + c:byte()
   end
   math.randomseed(seed % 2147483647)
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
   local i = n
   n = n + 1
   local key = prefix .. "-" .. tid .. "-" .. i
   local body = "Identity=user-" .. prefix .. "-" .. tid .. "-" .. math.floor(i / 2)
      .. "&BindingType=" .. types[i % 2 + 1]
      .. "&Address=addr-" .. key
      .. "&Tag=news&Tag=tag-" .. math.random(0, 99)
   if i % 2 == 1 then
      body = body .. "&Tag=tag-" .. math.random(0, 99)
   end
   if i % 1000 == 0 then
      body = body .. "&Tag=rare"
   end
   return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
   bench_count(status)
   if quota > 0 and not stopped then
      responses = responses + 1
      if responses >= quota then
         stopped = true
         wrk.thread:stop()
         if marks then
            local f = io.open(marks .. "/done-" .. tid, "w")
            if f then f:close() end
         end
      end
   end
end
