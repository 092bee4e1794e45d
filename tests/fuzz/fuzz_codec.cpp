// The tolerant codec over every response type: whatever parses as JSON is decoded; what decodes
// encodes again, and that encoding decodes to the same JSON (a fixed point). A described value is
// also written straight to JSON text, which must equal stringify(to_json(value)), or fail alike.
// Besides the response types, a type of the codec's other constructs (nullable, fractions, a
// recursive array, a union, a described base, keyword and overridden keys).
#include "fuzz_support.hpp"

#include <genauth/json/detail/js_value.hpp>

#include <boost/json/parse.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <variant>

namespace {

/// Members inherited from a described base (how a type over 52 members is split): one named
/// after a C++ keyword, one whose key the naming rule cannot produce.
struct head {
  std::optional<std::string> namespace_{};
  std::optional<std::int64_t> odd_key{};
};
BOOST_DESCRIBE_STRUCT(head, (), (namespace_, odd_key))
GENAUTH_JSON_KEY(head, odd_key, "zh-CN")

/// The codec's constructs beyond the MFA types: three-state members, fractions, nesting, a union,
/// and the base's members.
struct constructs : head {
  genauth::nullable<std::string> note{};
  genauth::nullable<std::vector<double>> scores{};
  std::optional<double> ratio{};
  std::optional<std::vector<constructs>> children{};
  std::optional<std::variant<std::int64_t, std::string, std::vector<double>>> pick{};
};
BOOST_DESCRIBE_STRUCT(constructs, (head), (note, scores, ratio, children, pick))

}  // namespace

using types = boost::mp11::mp_list<constructs, genauth::user_mfa_info, genauth::mfa_trigger_data, genauth::success_flag,
                                   genauth::otp_secret, genauth::mfa_settings, genauth::enrollment_started,
                                   std::vector<genauth::enrolled_factor>, genauth::enrolled_factor,
                                   std::vector<genauth::factor_to_enroll>, genauth::totp_verification,
                                   genauth::mfa_token_introspection, genauth::import_otp_request,
                                   genauth::set_users_mfa_status_request>;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  boost::json::error_code ec;
  boost::json::parse_options opt;
  opt.max_depth = 64;
  auto const v = boost::json::parse(fuzz::text(data, size), ec, {}, opt);
  if (ec) return 0;
  boost::mp11::mp_for_each<types>([&](auto tag) {
    using T = decltype(tag);
    auto const decoded = genauth::from_json<T>(v);
    if (!decoded) {
      fuzz::check_error(decoded.error());
      return;
    }
    auto const once = genauth::to_json(*decoded);
    auto const again = genauth::from_json<T>(once);
    fuzz::require(again.has_value(), "an encoded value does not decode");
    fuzz::require(genauth::to_json(*again) == once, "encoding is not a fixed point");
    std::string direct;
    auto const direct_error = genauth::detail::append_js_value(*decoded, direct);
    auto const through_tree = genauth::stringify(once);
    if (through_tree) {
      fuzz::require(!direct_error && direct == *through_tree, "direct JSON differs from stringify(to_json(value))");
    } else {
      fuzz::require(direct_error && direct_error->code == through_tree.error().code &&
                        direct_error->json_path == through_tree.error().json_path,
                    "direct JSON fails unlike stringify(to_json(value))");
    }
  });
  return 0;
}
