#include <genauth_emulator/server.hpp>

#include <charconv>

namespace genauth_emulator {

std::variant<fault, std::string> parse_fault(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  std::string const usage = "a fault is PATH=KIND[:ARG][*TIMES], KIND one of html-502, truncated-body, delay, "
                            "throttled-429, unavailable-503, connection-reset";
  std::size_t const eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || text[0] != '/') return usage;
  fault f;
  f.path = std::string(text.substr(0, eq));
  std::string_view rest = text.substr(eq + 1);
  auto const number = [](std::string_view s, long long& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && end == s.data() + s.size() && out >= 0 && out <= 86'400'000;
  };
  if (std::size_t const star = rest.find('*'); star != std::string_view::npos) {
    std::string_view const times = rest.substr(star + 1);
    long long n = 0;
    if (times.empty())
      f.times = -1;
    else if (number(times, n) && n > 0)
      f.times = static_cast<int>(n);
    else
      return usage;
    rest = rest.substr(0, star);
  }
  std::string_view const kind = rest.substr(0, rest.find(':'));
  std::string_view const arg = rest.find(':') == std::string_view::npos ? "" : rest.substr(rest.find(':') + 1);
  long long n = 0;
  if (!arg.empty() && !number(arg, n)) return usage;
  if (kind == "html-502") {
    f.what = fault::kind::html_502;
  } else if (kind == "truncated-body") {
    f.what = fault::kind::truncated_body;
  } else if (kind == "delay") {
    f.what = fault::kind::delay;
    f.delay = std::chrono::milliseconds(arg.empty() ? 1000 : n);
    if (f.delay > max_fault_wait) return "a delay is at most 60000 ms";
  } else if (kind == "throttled-429" || kind == "unavailable-503") {
    f.what = kind == "throttled-429" ? fault::kind::throttled_429 : fault::kind::unavailable_503;
    if (!arg.empty()) f.retry_after = std::chrono::seconds(n);
    if (f.retry_after > max_fault_wait) return "a Retry-After is at most 60 s";
  } else if (kind == "connection-reset") {
    f.what = fault::kind::connection_reset;
  } else {
    return usage;
  }
  return f;
}

}  // namespace genauth_emulator
