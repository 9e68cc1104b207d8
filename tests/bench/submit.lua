-- wrk script: POSTs distinct, valid visit requests (each with its own child's name, so
-- none is a repeat) and counts the answers by status.
--   PTHV_RATE_LIMIT_PER_HOUR=100000000 pthv serve --port 1111 --data-dir /tmp/bench-data
--   wrk -t2 -c32 -d20s -s tests/bench/submit.lua http://127.0.0.1:1111/api/visit-requests
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function request()
  counter = counter + 1
  local body = "lang=es&parent_name=Familia+Prueba&phone=303-555-0142&contact_method=text&language=es"
    .. "&interpreter=no&student_first_name=Nino" .. id .. "x" .. counter
    .. "&school=valdez-elementary&grade=3&format=home&consent=yes&website="
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  for status, n in pairs(totals) do
    io.write(string.format("status %d: %d\n", status, n))
  end
  io.write(string.format("requests/s: %.0f, p50 %.2f ms, p99 %.2f ms\n", summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
