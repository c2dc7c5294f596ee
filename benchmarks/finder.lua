-- Prints the figures the benchmark reads: latency percentiles (microseconds) and non-2xx responses.
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d seconds=%.3f p50=%d p95=%d p99=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), non2xx, failed))
end
