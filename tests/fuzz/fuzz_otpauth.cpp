// otpauth URIs: whatever parses builds a URI that parses back to the same key; errors never
// quote the input.
#include "fuzz_support.hpp"

#include <set>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const in = fuzz::text(data, size);
  auto const parsed = genauth::otp::parse_key_uri(in);
  if (!parsed) {
    fuzz::check_error(parsed.error());
    // Every message is one of a closed set: none can carry a piece of the input.
    static std::set<std::string> const known = {
        "URI does not start with otpauth://", "URI has no label", "only totp URIs are supported",
        "URI has no parameters", "label has no account name", "secret is empty",
        "only the SHAN algorithm is supported", "digits is not a number", "period is not a number",
        "period must be positive", "digits must be N, N or N", "URI has no secret",
        "issuer parameter differs from the label's issuer"};
    std::string const t = fuzz::template_of(parsed.error().message);
    std::string const& m = parsed.error().message;
    bool const escape_message = m.ends_with(" has a malformed percent escape") || m.ends_with(" is not valid UTF-8");
    std::string const subject = escape_message ? m.substr(0, m.find(m.ends_with("escape") ? " has a" : " is not")) : "";
    static std::set<std::string> const subjects = {"label", "secret", "issuer", "algorithm", "digits", "period",
                                                   "a parameter"};
    fuzz::require(known.count(t) != 0 || fuzz::is_base32_message(parsed.error().message) ||
                      (escape_message && subjects.count(subject) != 0),
                  "an error says more than its template");
    return 0;
  }
  auto const built = genauth::otp::build_key_uri(*parsed);
  if (!built) return 0;  // e.g. an empty account after trimming is refused on the way out
  auto const again = genauth::otp::parse_key_uri(*built);
  fuzz::require(again.has_value(), "a built URI does not parse");
  fuzz::require(again->issuer == parsed->issuer && again->account == parsed->account &&
                    again->secret == parsed->secret && again->digits == parsed->digits &&
                    again->period == parsed->period,
                "otpauth does not round-trip");
  return 0;
}
