-- wrk script: every request takes a KTP ticket at the kiosk (a durable append when the server is durable).
-- Counts the responses that are not 201 Created and prints one RESULT line for bench/run.sh.
-- Usage: wrk -t2 -c64 -d10s --latency -s bench/queue/issue_ticket.lua http://127.0.0.1:PORT
-- Optional: HALL and SERVICE environment variables (default mpp-mojokerto and KTP).

local hall = os.getenv("HALL") or "mpp-mojokerto"
local service = os.getenv("SERVICE") or "KTP"

wrk.method = "POST"
wrk.path = "/api/v1/halls/" .. hall .. "/tickets"
wrk.body = '{"service":"' .. service .. '"}'
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    responses = 0
    not_created = 0
    last_bad_status = 0
end

function response(status, headers, body)
    responses = responses + 1
    if status ~= 201 then
        not_created = not_created + 1
        last_bad_status = status
    end
end

function done(summary, latency, requests)
    local total, bad, bad_status = 0, 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("responses")
        bad = bad + thread:get("not_created")
        if thread:get("last_bad_status") ~= 0 then
            bad_status = thread:get("last_bad_status")
        end
    end
    io.write(string.format("RESULT responses=%d not_201=%d last_bad_status=%d socket_errors=%d\n", total, bad,
        bad_status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
