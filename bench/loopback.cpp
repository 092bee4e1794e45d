// Calls per second and latency of get_user_mfa_info through the libcurl transport against an
// emulator, from THREADS threads sharing one client, for SECONDS seconds. Prints one JSON line.
// Usage: genauth_loopback <emulator URL> <threads> <seconds>

#include "loopback_report.hpp"

#include <genauth/genauth.hpp>
#include <genauth/transport/curl.hpp>

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
  genauth::management_client client(emulator_options(host), genauth::curl_transport(transport_options));

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
        if (!genauth::management::get_user_mfa_info(client, {.user_id = "user-alice"})) ++failures;
        mine.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - before).count());
      }
      std::lock_guard const lock(mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  for (auto& w : workers) w.join();
  double const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_report(threads, threads, latencies, failures.load(), seconds);
  return failures == 0 ? 0 : 1;
}
