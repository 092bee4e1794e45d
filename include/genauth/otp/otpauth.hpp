#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/otp/base32.hpp>
#include <genauth/otp/totp.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// otpauth:// key URIs, the format authenticator apps read from QR codes:
//   otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30

GENAUTH_NAMESPACE_BEGIN
namespace detail {

inline result<std::string> decode_uri_component(std::string_view s, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int const hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    int const lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo < 0) return make_error(errc::malformed_otpauth_uri, std::string(what) + " has a malformed percent escape");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (!is_valid_utf8(out)) return make_error(errc::malformed_otpauth_uri, std::string(what) + " is not valid UTF-8");
  return out;
}

}  // namespace detail

namespace otp {

/// What an otpauth://totp URI carries. Only HMAC-SHA1 is supported, as on the GenAuth service.
struct key_uri {
  std::string issuer{};                ///< who the account belongs to (may be empty)
  std::string account{};               ///< the account name shown in the app
  std::vector<std::uint8_t> secret{};  ///< the shared key
  int digits = 6;                      ///< digits of a code, 6 to 8
  std::chrono::seconds period{30};     ///< seconds a code lasts
};

/// Builds `otpauth://totp/<issuer>:<account>?secret=...&issuer=...&algorithm=SHA1&digits=..&period=..`,
/// percent-encoding the label and issuer (spaces as %20, colons as %3A, non-ASCII as UTF-8 escapes).
[[nodiscard]] inline result<std::string> build_key_uri(key_uri const& k) {
  if (auto e = genauth::detail::check_otp_digits(k.digits)) return std::move(*e);
  if (k.period.count() <= 0)
    return genauth::detail::make_error(errc::invalid_otp_parameters, "period must be positive");
  if (k.account.empty()) return genauth::detail::make_error(errc::empty_argument, "account must not be empty");
  if (k.secret.empty()) return genauth::detail::make_error(errc::empty_argument, "secret must not be empty");
  if (!genauth::detail::is_valid_utf8(k.issuer) || !genauth::detail::is_valid_utf8(k.account))
    return genauth::detail::make_error(errc::invalid_utf8, "issuer and account must be valid UTF-8");
  std::string out = "otpauth://totp/";
  if (!k.issuer.empty()) {
    genauth::detail::append_uri_component(k.issuer, out);
    out += ':';
  }
  genauth::detail::append_uri_component(k.account, out);
  out += "?secret=" + base32_encode(k.secret, false);
  if (!k.issuer.empty()) {
    out += "&issuer=";
    genauth::detail::append_uri_component(k.issuer, out);
  }
  out += "&algorithm=SHA1&digits=" + std::to_string(k.digits) + "&period=" + std::to_string(k.period.count());
  return out;
}

/// Parses an otpauth://totp URI, such as the `qrCodeUri` of an OTP enrolment. The secret is read
/// case-insensitively without padding; unknown parameters are ignored; `algorithm` must be SHA1.
[[nodiscard]] inline result<key_uri> parse_key_uri(std::string_view uri) {
  auto const fail = [](std::string why) { return genauth::detail::make_error(errc::malformed_otpauth_uri, std::move(why)); };
  constexpr std::string_view scheme = "otpauth://";
  if (uri.size() < scheme.size() || !genauth::detail::iequals(uri.substr(0, scheme.size()), scheme))
    return fail("URI does not start with otpauth://");
  uri.remove_prefix(scheme.size());
  std::size_t const slash = uri.find('/');
  if (slash == std::string_view::npos) return fail("URI has no label");
  if (!genauth::detail::iequals(uri.substr(0, slash), "totp")) return fail("only totp URIs are supported");
  uri.remove_prefix(slash + 1);
  std::size_t const question = uri.find('?');
  if (question == std::string_view::npos) return fail("URI has no parameters");

  key_uri k;
  std::string_view const raw_label = uri.substr(0, question);

  bool has_secret = false;
  std::string_view query = uri.substr(question + 1);
  while (!query.empty()) {
    std::string_view const pair = query.substr(0, query.find('&'));
    query.remove_prefix(pair.size() == query.size() ? query.size() : pair.size() + 1);
    std::size_t const eq = pair.find('=');
    std::string_view const name = pair.substr(0, eq);
    // Errors name known parameters only: anything else in the URI may be a misplaced secret.
    std::string_view const known = name == "secret" || name == "issuer" || name == "algorithm" || name == "digits" ||
                                           name == "period"
                                       ? name
                                       : std::string_view("a parameter");
    auto value = genauth::detail::decode_uri_component(eq == std::string_view::npos ? "" : pair.substr(eq + 1), known);
    if (!value) return value.error();
    auto const number = [&](std::string_view what) -> result<int> {
      int n = 0;
      auto const [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
      if (ec != std::errc() || end != value->data() + value->size() || value->empty())
        return fail(std::string(what) + " is not a number");
      return n;
    };
    if (name == "secret") {
      std::string upper = *value;
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      auto key = base32_decode(upper);
      if (!key) return key.error();
      if (key->empty()) return fail("secret is empty");
      k.secret = std::move(*key);
      has_secret = true;
    } else if (name == "issuer") {
      k.issuer = std::move(*value);
    } else if (name == "algorithm") {
      if (!genauth::detail::iequals(*value, "SHA1")) return fail("only the SHA1 algorithm is supported");
    } else if (name == "digits") {
      auto n = number("digits");
      if (!n) return n.error();
      if (auto e = genauth::detail::check_otp_digits(*n)) return std::move(*e);
      k.digits = *n;
    } else if (name == "period") {
      auto n = number("period");
      if (!n) return n.error();
      if (*n <= 0) return genauth::detail::make_error(errc::invalid_otp_parameters, "period must be positive");
      k.period = std::chrono::seconds(*n);
    }
  }
  if (!has_secret) return fail("URI has no secret");

  // The issuer prefix ends at the first literal colon. An encoded colon ends it only when the
  // issuer parameter names the text before it; otherwise it belongs to the account, which is how
  // build_key_uri writes an account holding a colon. The parts are decoded apart.
  std::size_t split = raw_label.find(':');
  std::size_t split_size = 1;
  if (split == std::string_view::npos && !k.issuer.empty()) {
    for (std::string_view encoded : {"%3A", "%3a"})
      split = (std::min)(split, raw_label.find(encoded));
    if (split != std::string_view::npos) {
      auto prefix = genauth::detail::decode_uri_component(raw_label.substr(0, split), "label");
      if (!prefix || *prefix != k.issuer) split = std::string_view::npos;
    }
    split_size = 3;
  }
  std::string label_issuer;
  if (split != std::string_view::npos) {
    auto issuer = genauth::detail::decode_uri_component(raw_label.substr(0, split), "label");
    if (!issuer) return issuer.error();
    label_issuer = std::move(*issuer);
  }
  auto account = genauth::detail::decode_uri_component(
      split == std::string_view::npos ? raw_label : raw_label.substr(split + split_size), "label");
  if (!account) return account.error();
  k.account = std::move(*account);
  k.account.erase(0, k.account.find_first_not_of(' '));  // "Issuer: account" is allowed
  if (k.account.empty()) return fail("label has no account name");
  if (k.issuer.empty()) k.issuer = label_issuer;
  if (!label_issuer.empty() && k.issuer != label_issuer) return fail("issuer parameter differs from the label's issuer");
  return k;
}

}  // namespace otp
GENAUTH_NAMESPACE_END
