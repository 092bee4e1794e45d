#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/jwt/claims.hpp>
#include <genauth/jwt/key_set.hpp>
#include <genauth/jwt/token.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace jwt {

namespace detail {

/// Whether `signature` is the HS256 signature of `input` under the secret key `k`, compared in
/// constant time.
inline bool hs256_verifies(key const& k, std::string_view input, std::span<std::uint8_t const> signature) noexcept {
  auto const mac = crypto::hmac_sha256_key(k.secret)(input);
  if (signature.size() != mac.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < mac.size(); ++i) diff |= static_cast<unsigned>(mac[i] ^ signature[i]);
  return diff == 0;
}

/// A token verified step by step: split and decoded strictly, its key chosen by the key set
/// (which decides the algorithms it allows), its signature checked by `signature_verifies`
/// (`bool(key const&, algorithm, std::string_view input, std::span<std::uint8_t const>)`), then
/// its claims. No error carries the token or a value from it.
template <class SignatureCheck>
result<token> verify_with(std::string_view text, key_set const& keys, claim_rules const& rules,
                          SignatureCheck const& signature_verifies) {
  auto parts = parse_compact(text);
  if (!parts) return std::move(parts).error();
  auto const k = keys.select(parts->decoded.alg, parts->decoded.kid);
  if (!k) return k.error();
  if (!signature_verifies(**k, parts->decoded.alg, parts->signing_input, parts->signature))
    return genauth::detail::make_error(errc::token_signature_invalid, "the token's signature does not verify");
  if (auto checked = check_claims(parts->decoded, rules); !checked) return std::move(checked).error();
  return std::move(parts->decoded);
}

}  // namespace detail

/// Verifies an HS256 token against `keys` (key_set::from_secret) and `rules`: the token, once
/// its signature and claims hold. Tokens signed with RS256, PS256 or ES256 need the keys'
/// public-key signatures: jwt::openssl_verifier in genauth/jwt/openssl.hpp; here they fail with
/// token_algorithm_refused.
[[nodiscard]] inline result<token> verify(std::string_view text, key_set const& keys, claim_rules const& rules = {}) {
  bool public_key = false;
  auto verified = detail::verify_with(text, keys, rules,
                                      [&](key const& k, algorithm a, std::string_view input, std::span<std::uint8_t const> sig) {
                                        if (a != algorithm::hs256) {
                                          public_key = true;
                                          return false;
                                        }
                                        return detail::hs256_verifies(k, input, sig);
                                      });
  if (public_key)
    return genauth::detail::make_error(errc::token_algorithm_refused,
                                       "RS256, PS256 and ES256 tokens need jwt::openssl_verifier (genauth/jwt/openssl.hpp)");
  return verified;
}

}  // namespace jwt
GENAUTH_NAMESPACE_END
