#pragma once

// What the loopback programs share: the management options for the emulator's default seed, and
// the JSON line each prints.

#include <genauth/genauth.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

/// Management options for the emulator at `host` (plain HTTP), with retries off: one call, one request.
inline genauth::management_options emulator_options(std::string host) {
  genauth::management_options options;
  options.access_key_id = "emulator-access-key-id";
  options.access_key_secret = "emulator-access-key-secret";
  options.host = std::move(host);
  options.allow_insecure_http = true;
  options.retry = genauth::retry_policy::disabled();
  return options;
}

/// Prints calls per second and the latency percentiles (`latencies` in microseconds, any order).
inline void print_report(int threads, int in_flight, std::vector<double>& latencies, int failures, double seconds) {
  std::sort(latencies.begin(), latencies.end());
  auto const at = [&](double q) {
    return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1))];
  };
  std::printf("{\"threads\":%d,\"in_flight\":%d,\"calls\":%zu,\"failures\":%d,\"calls_per_second\":%.1f,"
              "\"p50_us\":%.1f,\"p99_us\":%.1f}\n",
              threads, in_flight, latencies.size(), failures, static_cast<double>(latencies.size()) / seconds, at(0.50),
              at(0.99));
}
