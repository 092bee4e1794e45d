// Calls per second and latency of get_user_mfa_info as async calls through the Beast transport
// against an emulator: one io_context thread, IN_FLIGHT coroutines each making one call after
// another, for SECONDS seconds. Prints one JSON line.
// Usage: genauth_loopback_async <emulator URL> <in flight> <seconds>

#include "loopback_report.hpp"

#include <genauth/genauth.hpp>
#include <genauth/transport/beast.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: genauth_loopback_async <emulator URL> <in flight> <seconds>\n");
    return 2;
  }
  std::string const host = argv[1];
  int const in_flight = std::atoi(argv[2]);
  auto const duration = std::chrono::duration<double>(std::atof(argv[3]));

  asio::io_context io(1);
  genauth::beast_options transport_options;
  transport_options.allow_insecure_http = true;
  transport_options.max_idle_per_host = static_cast<std::size_t>(in_flight);
  genauth::beast_transport const transport(io.get_executor(), transport_options);
  genauth::management_client client(emulator_options(host), transport);

  std::vector<double> latencies;  // microseconds; one thread: no lock
  int failures = 0;
  auto const start = clock_type::now();
  auto const deadline = start + std::chrono::duration_cast<clock_type::duration>(duration);
  genauth::get_user_mfa_info_request const request{.user_id = "user-alice"};
  for (int i = 0; i < in_flight; ++i)
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          while (clock_type::now() < deadline) {
            auto const before = clock_type::now();
            auto const info = co_await genauth::management::async_get_user_mfa_info(client, request, asio::use_awaitable);
            if (!info) ++failures;
            latencies.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - before).count());
          }
        },
        asio::detached);
  io.run();
  double const seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  print_report(1, in_flight, latencies, failures, seconds);
  return failures == 0 ? 0 : 1;
}
