-- wrk script for bench/requests/backlog.sh: GET one page of a unit's work list; prints the percentiles wrk does not
-- (p95) and the answers that were not 200.
local others = 0

response = function(status, headers, body)
    if status ~= 200 then
        others = others + 1
    end
end

done = function(summary, latency, requests)
    io.write(string.format("RESULT requests/s %.0f p50 %.2f ms p95 %.2f ms p99 %.2f ms non-200 %d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, others + summary.errors.status))
end
