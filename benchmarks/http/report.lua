-- wrk reporter: one JSON line with requests/s, p50, p95 (ms) and errors, read by benchmarks/http/run.py.
-- Any status other than the expected one counts as an error (wrk itself counts only >= 400).
local threads = {}
expected = tonumber(os.getenv("BENCH_EXPECT") or "200")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local unexpected_total = 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + (thread:get("unexpected") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "unexpected": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    unexpected_total, e.connect + e.read + e.write + e.timeout))
end
