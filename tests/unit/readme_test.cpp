// What README.md states about each endpoint matches its declaration.
#include "support.hpp"

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <sstream>

using namespace genauth;

namespace GENAUTH_UNITY_ID {

using all_endpoints = boost::mp11::mp_append<management::mfa_endpoints, authentication::mfa_endpoints,
                                             authentication::token_endpoints, authentication::sign_in_and_up_endpoints,
                                             authentication::cas_endpoints>;

/// The README table row naming `METHOD path`, if there is exactly one.
std::string row_of(std::string const& readme, std::string const& target) {
  std::istringstream lines(readme);
  std::string found;
  int count = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("| `") && line.find("| `" + target + "`") != std::string::npos) {
      found = line;
      ++count;
    }
  return count == 1 ? found : std::string();
}


TEST_CASE("README lists every endpoint once, with the idempotency its declaration states") {
  std::string const readme = test::read_file("../../README.md");
  int rows = 0;
  boost::mp11::mp_for_each<all_endpoints>([&](auto tag) {
    using R = decltype(tag);
    std::string target = std::string(to_string(R::method)) + " " + std::string(R::path);
    if constexpr (requires { R::grant_type; }) target += "`, `grant_type=" + std::string(R::grant_type);
    CAPTURE(target);
    std::string const row = row_of(readme, target);
    REQUIRE_FALSE(row.empty());
    ++rows;
    CHECK(row.ends_with(is_idempotent_v<R> ? "| yes |" : "| no |"));
  });
  CHECK(rows == 30);
}

TEST_CASE("README states the retry defaults that retry_policy has") {
  std::string const readme = test::read_file("../../README.md");
  retry_policy const p;
  CHECK(p.max_attempts == 3);
  CHECK(readme.find("| `max_attempts` (the first included) | 3 |") != std::string::npos);
  CHECK(p.initial_backoff == std::chrono::milliseconds(200));
  CHECK(readme.find("| `initial_backoff` | 200 ms |") != std::string::npos);
  CHECK(p.max_backoff == std::chrono::seconds(5));
  CHECK(readme.find("| `max_backoff` | 5 s |") != std::string::npos);
  CHECK(p.max_retry_after == std::chrono::seconds(30));
  CHECK(readme.find("| `max_retry_after` | 30 s |") != std::string::npos);
  CHECK(p.deadline == std::chrono::seconds(60));
  CHECK(readme.find("to the last attempt's start) | 60 s |") != std::string::npos);
  CHECK(readme.find("Boost Software License 1.0 ([LICENSE](LICENSE))") != std::string::npos);
}

}  // namespace GENAUTH_UNITY_ID
