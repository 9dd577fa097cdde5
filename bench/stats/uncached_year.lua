-- Each request asks for another target (1..240 minutes), and every wrk thread walks its own part of them: another
-- query each time, so the report cache (keyed by query and log position) cannot answer from an earlier request.
local threads = 0
setup = function(thread)
    thread:set("offset", threads * 120)
    threads = threads + 1
end
local counter = 0
request = function()
    counter = counter + 1
    local target = (offset + counter) % 240 + 1
    return wrk.format("GET", "/api/v1/tenants/kota-mojokerto/performance?from=2025-12-01&to=2026-11-30&target_minutes=" .. target)
end
done = function(summary, latency, requests)
    io.write(string.format("RESULT p95_ms=%.3f p99_ms=%.3f requests=%d errors=%d\n",
        latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
