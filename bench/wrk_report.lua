-- wrk script: optional cache busting (a unique _b=RUN-THREAD-N parameter per request; RUN differs
-- for every wrk run, so a warm-up never caches the URLs the measured run asks for) and a
-- one-line JSON summary that bench/run.py parses.
local bust = os.getenv("BENCH_BUST") == "1"
local run = os.getenv("BENCH_RUN") or "0"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
end

function request()
  if not bust then
    return wrk.format(nil, wrk.path)
  end
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "_b=" .. run .. "-" .. id .. "-" .. counter)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors))
end
