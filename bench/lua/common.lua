-- Shared by every Herald wrk script (loaded with dofile from the script's own directory).
--
-- Prints, in done(), one machine-readable line (statuses per code only where a script counts them in its
-- own response() hook, else ok:<n>,>=400:<n> from wrk's own counts):
--   BENCH name=<BENCH_NAME> requests=.. duration_s=.. rps=.. ok=.. ok_rps=.. non2xx=.. sock_errors=..
--         timeouts=.. mean_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. statuses=201:123,400:4
-- which bench/run.sh greps to build its summary table. Latencies come from wrk's own histogram
-- (microseconds, no coordinated-omission correction).
--
-- Parameters come from the environment (os.getenv works in wrk's main and thread Lua states alike,
-- while "-- args" only reach the threads' init()).

bench_name = os.getenv("BENCH_NAME") or "unnamed"

-- Main state: one entry per thread, for done().
bench_threads = {}
local next_tid = 0

-- Call from setup(thread); gives each thread a global `tid` (1..threads) before its init() runs.
function bench_setup(thread)
   next_tid = next_tid + 1
   thread:set("tid", next_tid)
   table.insert(bench_threads, thread)
   return next_tid
end

-- Thread state: responses per status.
statuses = {}

function bench_count(status)
   statuses[status] = (statuses[status] or 0) + 1
end

-- Defaults; a script may override them (and call the bench_* helpers itself).
function setup(thread)
   bench_setup(thread)
end

-- No default response() hook: defining one makes wrk copy every response's headers and body into Lua, which
-- costs the load generator CPU that Herald, sharing the cores, would otherwise get. Scripts that need the
-- status of each response (create.lua) define response() and call bench_count; the others are counted by wrk
-- itself (summary.errors.status: responses with a status of 400 or more).

function done(summary, latency, requests)
   local agg = {}
   for _, thread in ipairs(bench_threads) do
      local s = thread:get("statuses") or {}
      for code, n in pairs(s) do
         agg[code] = (agg[code] or 0) + n
      end
   end
   local codes = {}
   for code in pairs(agg) do
      table.insert(codes, code)
   end
   table.sort(codes)
   local ok, non2xx, parts = 0, 0, {}
   for _, code in ipairs(codes) do
      local n = agg[code]
      if code >= 200 and code < 300 then
         ok = ok + n
      else
         non2xx = non2xx + n
      end
      table.insert(parts, code .. ":" .. n)
   end
   local e = summary.errors
   if #codes == 0 and summary.requests > 0 then
      non2xx = e.status
      ok = summary.requests - non2xx
      parts = { "ok:" .. ok, ">=400:" .. non2xx }
   end
   local secs = summary.duration / 1e6
   local ms = function(us) return us / 1000 end
   io.write(string.format(
      "BENCH name=%s requests=%d duration_s=%.3f rps=%.1f ok=%d ok_rps=%.1f non2xx=%d sock_errors=%d timeouts=%d "
         .. "mean_ms=%.2f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f statuses=%s\n",
      bench_name, summary.requests, secs, summary.requests / secs, ok, ok / secs, non2xx,
      e.connect + e.read + e.write, e.timeout,
      ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
      ms(latency.max), (#parts > 0) and table.concat(parts, ",") or "none"))
end
