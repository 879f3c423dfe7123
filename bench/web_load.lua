-- One route of bench/web_load.py under wrk (https://github.com/wg/wrk), run by that script:
--
--   wrk -t T -c C -d Ns --latency -s bench/web_load.lua URL -- PATHS_FILE T [HEADER VALUE]
--
-- PATHS_FILE: the paths to request, one per line; thread k of T sends paths k, k+T, k+2T...
-- (then from the start again), so article pages vary and no two threads open the same one.
-- HEADER VALUE: the session cookie or the API key. done() prints one line starting "WRK "
-- with a JSON object: requests, duration, p50/p95/p99 latency (microseconds), responses
-- other than 200 (a redirect to the sign-in page counts) and socket errors.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  local headers = {}
  if args[3] and args[3] ~= "" then headers[args[3]] = args[4] end
  -- Requests built once (wrk's advice): request() only picks the next one.
  requests = {}
  for k, path in ipairs(paths) do
    requests[k] = wrk.format("GET", path, headers)
  end
  step = tonumber(args[2])
  at = index
  not_ok = 0
  first_error = ""
end

function request()
  local r = requests[(at % #requests) + 1]
  at = at + step
  return r
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    if first_error == "" then first_error = "HTTP " .. status end
  end
end

function done(summary, latency, requests)
  local not_ok, first = 0, ""
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("not_ok")
    if first == "" then first = thread:get("first_error") end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f,'
      .. ' "not_200": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d,'
      .. ' "first_error": "%s"}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), not_ok, e.connect, e.read, e.write, e.timeout, first))
end
