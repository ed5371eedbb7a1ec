-- wrk script for the application POST: every request carries its own multipart body (its own start token,
-- its own applicant, the same real PDF), read from the file the driver wrote. Thread n takes bodies n,
-- n + threads, …, so no body is sent twice. Reports like report.lua (a success is the redirect, 302).
local threads = {}
expected = 302

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local bodies = {}
local boundary = os.getenv("BENCH_BOUNDARY")
local path = os.getenv("BENCH_BODIES")
next_index, exhausted, unexpected = 0, 0, 0

function init(args)
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  local separator = "\n--BENCH-BODY-END--\n"
  local start = 1
  while true do
    local s, e = string.find(data, separator, start, true)
    if not s then break end
    table.insert(bodies, string.sub(data, start, s - 1))
    start = e + 1
  end
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  next_index = tid + 1
  unexpected = 0
  exhausted = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
end

function request()
  local body = bodies[next_index]
  if body == nil then
    exhausted = exhausted + 1
    body = bodies[#bodies]  -- a replay: refused by the start token, counted as unexpected
  end
  next_index = next_index + nthreads
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local unexpected_total, exhausted_total = 0, 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + (thread:get("unexpected") or 0)
    exhausted_total = exhausted_total + (thread:get("exhausted") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "unexpected": %d, "socket_errors": %d, "exhausted": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    unexpected_total, e.connect + e.read + e.write + e.timeout, exhausted_total))
end
