#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/json/detail/repeated_keys.hpp>
#include <genauth/jwt/key_set.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace jwt {

/// What a token says of itself: its header and claims. Not verified unless verify() made it.
struct token {
  algorithm alg = algorithm::hs256;  ///< the header's `alg`
  std::optional<std::string> kid{};  ///< the header's `kid`
  boost::json::object header{};      ///< the whole header
  boost::json::object claims{};      ///< the claims set

  /// A string claim (`sub`, `iss`, ...), when the token has it as a string.
  [[nodiscard]] std::optional<std::string_view> string_claim(std::string_view name) const noexcept {
    auto const* v = claims.if_contains(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string_view(v->as_string());
  }
};

/// A token's size at most: a larger one is refused before anything is decoded.
inline constexpr std::size_t max_token_size = 64 * 1024;

namespace detail {

using genauth::detail::make_error;
using genauth::detail::repeats_a_key;

/// A compact JWS split: what was signed, the signature, and the token decoded.
struct compact_token {
  std::string_view signing_input;
  std::vector<std::uint8_t> signature;
  token decoded;
};

inline error malformed_token(std::string why) { return make_error(errc::token_malformed, std::move(why)); }

/// A JSON object from base64url, read strictly: no repeated key at any depth (RFC 7515 §5.2
/// lets a reader refuse them, and two readers that keep different ones disagree on a claim).
inline result<boost::json::object> json_part(std::string_view encoded, std::string_view what) {
  auto const bytes = crypto::base64url_decode(encoded);
  if (!bytes) return malformed_token("the token's " + std::string(what) + " is not base64url");
  std::string_view const text(reinterpret_cast<char const*>(bytes->data()), bytes->size());
  boost::json::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::value v = boost::json::parse(text, ec, {}, options);
  if (ec || !v.is_object()) return malformed_token("the token's " + std::string(what) + " is not a JSON object");
  if (repeats_a_key(text, v)) return malformed_token("the token's " + std::string(what) + " repeats a key");
  return std::move(v.as_object());
}

/// Splits and decodes a compact JWS (RFC 7515 §7.1) strictly: three base64url parts without
/// padding, a JSON object header with a string `alg` this SDK verifies, no `crit` extension, a
/// JSON object payload. The signature is not checked here.
inline result<compact_token> parse_compact(std::string_view text) {
  if (text.size() > max_token_size)
    return malformed_token("the token is over " + std::to_string(max_token_size) + " bytes");
  std::size_t const first = text.find('.');
  std::size_t const second = first == std::string_view::npos ? first : text.find('.', first + 1);
  if (second == std::string_view::npos || text.find('.', second + 1) != std::string_view::npos)
    return malformed_token("the token does not have three parts");
  auto header = json_part(text.substr(0, first), "header");
  if (!header) return std::move(header).error();
  compact_token out;
  auto const* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return malformed_token("the token's header has no alg");
  auto const a = algorithm_named(alg->as_string());
  if (!a) return make_error(errc::token_algorithm_refused, "the token's algorithm is not one this SDK verifies");
  out.decoded.alg = *a;
  if (auto const* kid = header->if_contains("kid"); kid != nullptr) {
    if (!kid->is_string()) return malformed_token("the token's kid is not a string");
    out.decoded.kid = std::string(kid->as_string());
  }
  if (header->contains("crit"))
    return malformed_token("the token's header names critical extensions, which this SDK does not know");
  auto claims = json_part(text.substr(first + 1, second - first - 1), "claims");
  if (!claims) return std::move(claims).error();
  auto signature = crypto::base64url_decode(text.substr(second + 1));
  if (!signature) return malformed_token("the token's signature is not base64url");
  out.signing_input = text.substr(0, second);
  out.signature = std::move(*signature);
  out.decoded.header = std::move(*header);
  out.decoded.claims = std::move(*claims);
  return out;
}

}  // namespace detail

/// A token's header and claims, read as verify() reads them but without checking anything
/// else: for routing or logs, never for a decision.
[[nodiscard]] inline result<token> decode_unverified(std::string_view text) {
  auto parts = detail::parse_compact(text);
  if (!parts) return std::move(parts).error();
  return std::move(parts->decoded);
}

}  // namespace jwt
GENAUTH_NAMESPACE_END
