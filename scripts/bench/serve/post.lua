-- wrk script: POST /v1/recommend with bodies read from bodies.jsonl (one JSON object per line), round robin.
-- The file path comes from the environment variable BODIES.
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
