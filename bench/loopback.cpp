// Calls per second and latency of get_user_mfa_info through the libcurl transport against an
// emulator, from THREADS threads sharing one client, for SECONDS seconds. Prints one JSON line.
// Usage: genauth_loopback <emulator URL> <threads> <seconds>

#include <genauth/genauth.hpp>
#include <genauth/transport/curl.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: genauth_loopback <emulator URL> <threads> <seconds>\n");
    return 2;
  }
  std::string const host = argv[1];
  int const threads = std::atoi(argv[2]);
  auto const duration = std::chrono::duration<double>(std::atof(argv[3]));

  genauth::curl_options transport_options;
  transport_options.allow_insecure_http = true;
  genauth::management_options options;
  options.access_key_id = "emulator-access-key-id";
  options.access_key_secret = "emulator-access-key-secret";
  options.host = host;
  options.allow_insecure_http = true;
  options.retry = genauth::retry_policy::disabled();
  genauth::management_client client(options, genauth::curl_transport(transport_options));

  std::mutex mutex;
  std::vector<double> latencies;  // microseconds
  std::atomic<int> failures{0};
  auto const start = std::chrono::steady_clock::now();
  auto const deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(duration);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      std::vector<double> mine;
      while (std::chrono::steady_clock::now() < deadline) {
        auto const before = std::chrono::steady_clock::now();
        if (!client.get_user_mfa_info({.user_id = "user-alice"})) ++failures;
        mine.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - before).count());
      }
      std::lock_guard const lock(mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  for (auto& w : workers) w.join();
  double const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(latencies.begin(), latencies.end());
  auto const at = [&](double q) { return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1))]; };
  std::printf("{\"threads\":%d,\"calls\":%zu,\"failures\":%d,\"calls_per_second\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f}\n",
              threads, latencies.size(), failures.load(), static_cast<double>(latencies.size()) / seconds, at(0.50),
              at(0.99));
  return failures == 0 ? 0 : 1;
}
