#pragma once

// A request and its answer as the emulator's service sees them: plain data, no socket.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace genauth_emulator {

struct wire_request {
  std::string method;  ///< as sent, e.g. "GET"
  std::string target;  ///< path and query, still percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case, in arrival order
  std::string body;

  /// The values of every header named `name`, joined with ", " as Node joins repeated headers;
  /// empty when there is none.
  [[nodiscard]] std::string header(std::string_view name) const {
    std::string out;
    bool found = false;
    for (auto const& [n, v] : headers) {
      if (n != name) continue;
      if (found) out += ", ";
      out += v;
      found = true;
    }
    return out;
  }
  [[nodiscard]] bool has_header(std::string_view name) const {
    for (auto const& h : headers)
      if (h.first == name) return true;
    return false;
  }
  [[nodiscard]] std::string_view path() const { return std::string_view(target).substr(0, target.find('?')); }
  [[nodiscard]] std::string_view query() const {
    auto const q = target.find('?');
    return q == std::string::npos ? std::string_view() : std::string_view(target).substr(q + 1);
  }
};

/// How the answer leaves: whole, cut short (the promised length is not delivered), or not at all
/// (the connection is reset).
enum class delivery { whole, truncated, reset };

struct wire_response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  delivery how = delivery::whole;
  std::chrono::milliseconds delay{0};  ///< waited before answering
};

}  // namespace genauth_emulator
