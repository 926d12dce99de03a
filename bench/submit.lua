-- wrk script: POSTs varied comments to /api/v1/comments (or to SUBMIT_PATH:
-- load.sh also sends them to the scoring dry run and to the bare handler).
-- Bodies come from bench/bodies.txt (JSON strings); each request gets its own
-- author email so no two are double submits. Results are printed by
-- report.lua.
local bodies = {}
for line in io.lines(os.getenv("BODIES") or "bench/bodies.txt") do
  bodies[#bodies + 1] = line
end

local path = os.getenv("SUBMIT_PATH") or "/api/v1/comments"
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(thread_id * 7919 + 1)
end

function request()
  counter = counter + 1
  local body = bodies[math.random(#bodies)]
  local payload = string.format(
    '{"post_id":"bench-%d","author_name":"Reader %d","author_email":"r%d-%d@bench.example","body":%s}',
    counter % 50, counter, thread_id, counter, body)
  -- Readers come from many addresses (moderato trusts the loopback proxy).
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format("POST", path,
    {["content-type"] = "application/json", ["x-forwarded-for"] = ip}, payload)
end

dofile("bench/report.lua")
