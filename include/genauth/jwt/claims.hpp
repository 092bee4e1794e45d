#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>
#include <genauth/jwt/token.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace jwt {

/// What a token's claims must say (RFC 7519 §4.1; OpenID Connect Core §3.1.3.7 for ID tokens).
/// The default checks the time claims alone.
struct claim_rules {
  std::vector<std::string> issuers{};    ///< `iss` must be one of them; empty: not checked
  /// `aud` (a string or an array of strings) must name one of them; empty: not checked. Set it
  /// whenever the tokens are meant for you: a token for another service is otherwise accepted.
  std::vector<std::string> audiences{};
  std::vector<std::string> required{};   ///< claims that must be present, whatever their value
  std::chrono::seconds leeway{0};        ///< how far `exp` and `nbf` may be off the clock
  std::optional<std::chrono::seconds> max_age{};  ///< `iat` required, at most this long ago
  std::optional<std::string> type{};     ///< the header's `typ` (`JWT`, `at+jwt`), compared as media types
  std::optional<std::string> nonce{};    ///< ID tokens: `nonce` must be this
  /// ID tokens: the client id. `azp`, when present, must be it, and must be present when `aud`
  /// names more than one audience.
  std::optional<std::string> authorized_party{};
  /// The time the claims are checked at; empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock{};
};

namespace detail {

inline error claim_error(errc code, std::string_view claim, std::string why) {
  error e = make_error(code, std::move(why));
  e.json_path = claim;
  return e;
}

/// A NumericDate claim (seconds since 1970, maybe fractional), if present; a refusal if it is
/// anything but a finite number.
inline result<std::optional<double>> numeric_date(boost::json::object const& claims, std::string_view name) {
  auto const* v = claims.if_contains(name);
  if (v == nullptr) return std::optional<double>{};
  if (!v->is_number()) return claim_error(errc::token_claim_refused, name, "the token's " + std::string(name) + " is not a number");
  boost::json::error_code ec;
  double const seconds = v->to_number<double>(ec);
  if (ec) return claim_error(errc::token_claim_refused, name, "the token's " + std::string(name) + " is not a number");
  return std::optional<double>(seconds);
}

/// `application/` prefixed unless it has a slash, lower-cased (RFC 7515 §4.1.9).
inline std::string media_type(std::string_view t) {
  std::string out = t.find('/') == std::string_view::npos ? "application/" : "";
  for (char const c : t) out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace detail

/// Checks `t`'s claims against `rules`: presence first, then issuer, audience, the ID token's
/// `azp` and `nonce`, then the times (`iat`, `nbf`, `exp` must be numbers; `exp` must be after
/// and `nbf` not after the clock, give or take the leeway, both in whole seconds). The error
/// names the claim in `json_path`, never its value.
[[nodiscard]] inline result<void> check_claims(token const& t, claim_rules const& rules) {
  using detail::claim_error;
  auto const& c = t.claims;
  if (rules.type) {
    auto const* typ = t.header.if_contains("typ");
    if (typ == nullptr || !typ->is_string() || detail::media_type(typ->as_string()) != detail::media_type(*rules.type))
      return claim_error(errc::token_claim_refused, "typ", "the token's typ is not the one expected");
  }
  std::vector<std::string_view> present(rules.required.begin(), rules.required.end());
  if (!rules.issuers.empty()) present.push_back("iss");
  if (!rules.audiences.empty()) present.push_back("aud");
  if (rules.max_age) present.push_back("iat");
  if (rules.nonce) present.push_back("nonce");
  for (auto const name : present)
    if (!c.contains(name)) return claim_error(errc::token_claim_missing, name, "the token has no " + std::string(name));
  if (!rules.issuers.empty()) {
    auto const iss = t.string_claim("iss");
    if (!iss || std::find(rules.issuers.begin(), rules.issuers.end(), *iss) == rules.issuers.end())
      return claim_error(errc::token_claim_refused, "iss", "the token's issuer is not one expected");
  }
  if (!rules.audiences.empty()) {
    auto const named = [&](boost::json::value const& v) {
      return v.is_string() && std::find(rules.audiences.begin(), rules.audiences.end(), v.as_string()) != rules.audiences.end();
    };
    auto const& aud = c.at("aud");
    bool const ok = aud.is_string() ? named(aud)
                                    : aud.is_array() && std::any_of(aud.as_array().begin(), aud.as_array().end(), named);
    if (!ok) return claim_error(errc::token_claim_refused, "aud", "the token is not meant for an audience expected");
  }
  if (rules.authorized_party) {
    auto const* aud = c.if_contains("aud");
    bool const several = aud != nullptr && aud->is_array() && aud->as_array().size() > 1;
    auto const azp = t.string_claim("azp");
    if ((c.contains("azp") || several) && azp != *rules.authorized_party)
      return claim_error(errc::token_claim_refused, "azp", "the token's authorized party is not the one expected");
  }
  if (rules.nonce && t.string_claim("nonce") != *rules.nonce)
    return claim_error(errc::token_claim_refused, "nonce", "the token's nonce is not the one expected");
  auto const now_point = rules.clock ? rules.clock() : std::chrono::system_clock::now();
  double const now = static_cast<double>(
      std::chrono::floor<std::chrono::seconds>(now_point.time_since_epoch()).count());
  double const leeway = static_cast<double>(rules.leeway.count());
  auto iat = detail::numeric_date(c, "iat");
  if (!iat) return std::move(iat).error();
  auto nbf = detail::numeric_date(c, "nbf");
  if (!nbf) return std::move(nbf).error();
  if (*nbf && **nbf > now + leeway) return claim_error(errc::token_not_yet_valid, "nbf", "the token is not valid yet");
  auto exp = detail::numeric_date(c, "exp");
  if (!exp) return std::move(exp).error();
  if (*exp && **exp <= now - leeway) return claim_error(errc::token_expired, "exp", "the token has expired");
  if (rules.max_age) {
    double const age = now - **iat;
    if (age - leeway > static_cast<double>(rules.max_age->count()))
      return claim_error(errc::token_expired, "iat", "the token was issued too long ago");
    if (age < -leeway) return claim_error(errc::token_claim_refused, "iat", "the token was issued in the future");
  }
  return {};
}

}  // namespace jwt
GENAUTH_NAMESPACE_END
