#include "exact_json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace genauth_emulator {
namespace {

struct exact_handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  using ec_t = boost::json::error_code;
  using sv = boost::json::string_view;

  boost::json::value_stack st;
  std::string number;

  bool on_document_begin(ec_t&) { st.reset(); return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_array_begin(ec_t&) { return true; }
  bool on_array_end(std::size_t n, ec_t&) { st.push_array(n); return true; }
  bool on_object_begin(ec_t&) { return true; }
  bool on_object_end(std::size_t n, ec_t&) { st.push_object(n); return true; }
  bool on_string_part(sv s, std::size_t, ec_t&) { st.push_chars(s); return true; }
  bool on_string(sv s, std::size_t, ec_t&) { st.push_string(s); return true; }
  bool on_key_part(sv s, std::size_t, ec_t&) { st.push_chars(s); return true; }
  bool on_key(sv s, std::size_t, ec_t&) { st.push_key(s); return true; }
  bool on_number_part(sv s, ec_t&) { number.append(s.data(), s.size()); return true; }
  bool on_int64(std::int64_t i, sv, ec_t&) { number.clear(); st.push_int64(i); return true; }
  bool on_uint64(std::uint64_t u, sv, ec_t&) { number.clear(); st.push_uint64(u); return true; }
  bool on_double(double parsed, sv s, ec_t&) {
    number.append(s.data(), s.size());
    double exact = parsed;
    // Out of range (1e400) keeps Boost's infinity; JavaScript reads it as Infinity too.
    std::from_chars(number.data(), number.data() + number.size(), exact);
    number.clear();
    st.push_double(exact);
    return true;
  }
  bool on_bool(bool b, ec_t&) { st.push_bool(b); return true; }
  bool on_null(ec_t&) { st.push_null(); return true; }
  bool on_comment_part(sv, ec_t&) { return true; }
  bool on_comment(sv, ec_t&) { return true; }
};

}  // namespace

std::optional<boost::json::value> parse_json(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::basic_parser<exact_handler> p(options);
  boost::json::error_code ec;
  std::size_t const used = p.write_some(false, text.data(), text.size(), ec);
  if (ec || used != text.size() || !p.done()) return std::nullopt;
  return p.handler().st.release();
}

}  // namespace genauth_emulator
