-- wrk script for tools/load_run.py. Without arguments, wrk sends GET to the URL it was given (/health).
-- With one argument, a file of request bodies (one JSON object per line), it sends POST /api/predict,
-- cycling through them. At the end of a run, done() writes one line with the counts and the latency
-- percentiles in microseconds, which load_run.py reads.

local bodies = {}
local next_body = 0

init = function(args)
  if args[1] then
    for line in io.lines(args[1]) do
      bodies[#bodies + 1] = line
    end
    wrk.method = "POST"
    wrk.path = "/api/predict"
    wrk.headers["Content-Type"] = "application/json"
  end
end

request = function()
  if #bodies == 0 then
    return wrk.format()
  end
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
