-- wrk script: after the run, prints the latency percentiles wrk's --latency table leaves out (p95, p99.9) and the
-- answers that were not 2xx, as one "RESULT" line (bench/stats/run.sh reads it). No per-request hook: the script
-- costs nothing while wrk runs.
done = function(summary, latency, requests)
    local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
        summary.errors.timeout
    io.write(string.format("RESULT p95_ms=%.3f p999_ms=%.3f max_ms=%.3f requests=%d errors=%d\n",
        latency:percentile(95) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000, summary.requests, bad))
end
