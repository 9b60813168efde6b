-- wrk script of the mixed workload (bench/mixed.py): each request is, at random,
--   75 % a dispatch page, its rank drawn from a Zipf distribution over every public dispatch
--        (the URL file is shuffled, so popularity has nothing to do with age or id),
--   20 % a search from a vocabulary of real queries (with and without diacritics),
--    5 % a list or a scam-pattern page.
-- Counts the X-Cache answers (hit / miss / absent) and prints one JSON line that mixed.py reads.
local threads = {}

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local folder = os.getenv("MIXED_DIR")
  details = lines(folder .. "/details.txt")
  searches = lines(folder .. "/searches.txt")
  lists = lines(folder .. "/lists.txt")
  -- cumulative Zipf weights 1/k^s over the ranks, for a binary search per request
  local s = tonumber(os.getenv("MIXED_ZIPF") or "1.1")
  cumulative = {}
  local total = 0
  for k = 1, #details do
    total = total + 1 / (k ^ s)
    cumulative[k] = total
  end
  zipf_total = total
  math.randomseed(os.time() + id * 7919)
  hits, misses, uncounted = 0, 0, 0
end

local function zipf_rank()
  local target = math.random() * zipf_total
  local lo, hi = 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < target then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  local r = math.random()
  local path
  if r < 0.75 then
    path = details[zipf_rank()]
  elseif r < 0.95 then
    path = searches[math.random(#searches)]
  else
    path = lists[math.random(#lists)]
  end
  return wrk.format(nil, path)
end

function response(status, headers, body)
  local state = headers["X-Cache"] or headers["x-cache"]
  if state == "hit" then
    hits = hits + 1
  elseif state == "miss" then
    misses = misses + 1
  else
    uncounted = uncounted + 1
  end
end

function done(summary, latency, requests)
  local h, m, u = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    u = u + thread:get("uncounted")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "errors": %d, '
      .. '"hits": %d, "misses": %d, "uncounted": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, h, m, u))
end
