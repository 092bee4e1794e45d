#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/crypto/detail/p256.hpp>
#include <genauth/json/detail/repeated_keys.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace jwt {

/// The signature algorithms a token may use here (RFC 7518 §3); `none` and every other is refused.
enum class algorithm : std::uint8_t {
  hs256,  ///< HMAC with SHA-256: a shared secret
  rs256,  ///< RSASSA-PKCS1-v1_5 with SHA-256
  ps256,  ///< RSASSA-PSS with SHA-256 (MGF1 SHA-256, a 32-byte salt)
  es256,  ///< ECDSA on P-256 with SHA-256
};

/// The algorithm's name in a token's header.
[[nodiscard]] constexpr std::string_view to_string(algorithm a) noexcept {
  switch (a) {
    case algorithm::hs256: return "HS256";
    case algorithm::rs256: return "RS256";
    case algorithm::ps256: return "PS256";
    case algorithm::es256: return "ES256";
  }
  return "";
}

/// The algorithm a header's `alg` names, if this SDK verifies it.
[[nodiscard]] constexpr std::optional<algorithm> algorithm_named(std::string_view name) noexcept {
  for (auto const a : {algorithm::hs256, algorithm::rs256, algorithm::ps256, algorithm::es256})
    if (to_string(a) == name) return a;
  return std::nullopt;
}

/// One key a token may be verified with. The algorithm comes from the key, never from the token:
/// an RSA key verifies RS256 and PS256, a P-256 key ES256, a shared secret HS256, and only the one
/// algorithm the key names when it names one.
struct key {
  /// What the key is: an RSA public key, a P-256 public key or an HMAC secret.
  enum class type : std::uint8_t { rsa, ec_p256, secret };
  type kind = type::secret;           ///< which of the members below hold it
  std::string id{};                   ///< its `kid`; empty when it has none
  std::optional<algorithm> alg{};     ///< the one algorithm it was published for
  std::vector<std::uint8_t> n{};       ///< RSA modulus, big-endian, without leading zeros
  std::vector<std::uint8_t> e{};       ///< RSA public exponent, big-endian, without leading zeros
  std::vector<std::uint8_t> x{};       ///< the P-256 point's x, 32 bytes
  std::vector<std::uint8_t> y{};       ///< the P-256 point's y, 32 bytes
  std::vector<std::uint8_t> secret{};  ///< the HMAC secret
  /// A key given alone, without an id (key_set::from_secret): a token's `kid` does not choose it
  /// out, and so does not matter. A key of a key set has an id, or none, and a token's `kid`
  /// must match it.
  bool any_id = false;

  /// Whether a token signed with `a` may be verified with this key.
  [[nodiscard]] bool allows(algorithm a) const noexcept {
    if (alg && *alg != a) return false;
    switch (kind) {
      case type::rsa: return a == algorithm::rs256 || a == algorithm::ps256;
      case type::ec_p256: return a == algorithm::es256;
      case type::secret: return a == algorithm::hs256;
    }
    return false;
  }
};

/// The keys tokens are verified with: the public keys of a JSON Web Key Set (RFC 7517), or a
/// shared secret. A key that cannot be safe is refused when the set is read, never used: RSA
/// under 2048 bits or with an exponent that is even or 1, a P-256 point not on the curve, a
/// secret shorter than the hash (32 bytes), a private key in a public set.
class key_set {
 public:
  /// Keys kept from one set at most; a larger set is refused.
  static constexpr std::size_t max_keys = 64;

  key_set() = default;

  /// Reads a JWKS document: `{"keys": [...]}`. RSA and EC P-256 keys that may verify (`use`
  /// "sig" or none, `key_ops` naming "verify" or none) are kept; keys of other types, curves,
  /// uses or algorithms are skipped, as is a published secret (`oct`: verifying with what
  /// anyone can read proves nothing). A member of a kept key that is malformed refuses the set.
  [[nodiscard]] static result<key_set> parse(std::string_view jwks) {
    auto const malformed = [](std::string why) { return genauth::detail::make_error(errc::key_set_malformed, std::move(why)); };
    if (jwks.size() > 1024 * 1024) return malformed("the key set is over 1 MiB");
    boost::json::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 16;
    boost::json::value const v = boost::json::parse(jwks, ec, {}, options);
    if (ec || !v.is_object()) return malformed("the key set is not a JSON object");
    if (genauth::detail::repeats_a_key(jwks, v)) return malformed("the key set repeats a key in an object");
    auto const* keys = v.as_object().if_contains("keys");
    if (keys == nullptr || !keys->is_array()) return malformed("the key set has no \"keys\" array");
    key_set set;
    for (auto const& item : keys->as_array()) {
      if (!item.is_object()) return malformed("a member of \"keys\" is not an object");
      auto k = read(item.as_object());
      if (!k) return std::move(k).error();
      if (!*k) continue;
      if (set.keys_.size() == max_keys) return malformed("the key set holds more than 64 usable keys");
      set.keys_.push_back(std::move(**k));
    }
    return set;
  }

  /// A set of one shared secret, for HS256 tokens, with `kid` as its id; without one, a token's
  /// `kid` does not matter.
  [[nodiscard]] static result<key_set> from_secret(std::span<std::uint8_t const> secret, std::string kid = {}) {
    if (secret.size() < 32)
      return genauth::detail::make_error(errc::key_unsafe, "an HS256 secret needs 32 bytes at least (RFC 7518 3.2)");
    key_set set;
    bool const any_id = kid.empty();
    set.keys_.push_back({.kind = key::type::secret, .id = std::move(kid), .alg = algorithm::hs256,
                         .secret = std::vector<std::uint8_t>(secret.begin(), secret.end()), .any_id = any_id});
    return set;
  }
  /// from_secret() with the bytes of `secret`.
  [[nodiscard]] static result<key_set> from_secret(std::string_view secret, std::string kid = {}) {
    return from_secret(std::span(reinterpret_cast<std::uint8_t const*>(secret.data()), secret.size()), std::move(kid));
  }

  /// The keys kept, in the order the set gave them.
  [[nodiscard]] std::vector<key> const& keys() const noexcept { return keys_; }

  /// The key for a token signed with `alg`: the one whose id is `kid`, or without a `kid` the
  /// one key that allows `alg`. No key, or several that fit, is token_key_unknown.
  [[nodiscard]] result<key const*> select(algorithm alg, std::optional<std::string_view> kid) const {
    key const* found = nullptr;
    for (auto const& k : keys_) {
      if (!k.allows(alg) || (kid && !k.any_id && k.id != *kid)) continue;
      if (found != nullptr)
        return genauth::detail::make_error(errc::token_key_unknown, "several keys of the set fit the token");
      found = &k;
    }
    if (found == nullptr) return genauth::detail::make_error(errc::token_key_unknown, "no key of the set fits the token");
    return found;
  }

 private:
  /// One member of "keys": a key to keep, nothing (skipped), or why the set is refused.
  static result<std::optional<key>> read(boost::json::object const& o) {
    auto const malformed = [](std::string why) { return genauth::detail::make_error(errc::key_set_malformed, std::move(why)); };
    auto const unsafe = [](std::string why) { return genauth::detail::make_error(errc::key_unsafe, std::move(why)); };
    auto const text = [&o](std::string_view name) -> std::optional<std::string_view> {
      auto const* v = o.if_contains(name);
      if (v == nullptr || !v->is_string()) return std::nullopt;
      return std::string_view(v->as_string());
    };
    auto const kty = text("kty");
    bool const rsa = kty == "RSA", ec = kty == "EC";
    if (!rsa && !ec) return std::optional<key>{};
    if (ec && text("crv") != "P-256") return std::optional<key>{};
    if (auto const* use = o.if_contains("use"); use != nullptr && !(use->is_string() && use->as_string() == "sig"))
      return std::optional<key>{};
    if (auto const* ops = o.if_contains("key_ops"); ops != nullptr) {
      if (!ops->is_array()) return malformed("a key's key_ops is not an array");
      auto const& list = ops->as_array();
      if (std::none_of(list.begin(), list.end(), [](auto const& op) { return op.is_string() && op.as_string() == "verify"; }))
        return std::optional<key>{};
    }
    key k;
    k.kind = rsa ? key::type::rsa : key::type::ec_p256;
    if (auto const* alg = o.if_contains("alg"); alg != nullptr) {
      auto const a = alg->is_string() ? algorithm_named(alg->as_string()) : std::nullopt;
      if (!a) return std::optional<key>{};  // an algorithm not verified here
      k.alg = *a;
      if (!k.allows(*a)) return malformed("a key's alg does not fit its type");
    }
    if (auto const* kid = o.if_contains("kid"); kid != nullptr) {
      if (!kid->is_string()) return malformed("a key's kid is not a string");
      k.id = kid->as_string();
    }
    for (char const* secret : {"d", "p", "q", "dp", "dq", "qi"})
      if (o.contains(secret)) return unsafe("the public key set holds a private key");
    auto const bytes = [&](std::string_view name) -> std::optional<std::vector<std::uint8_t>> {
      auto const t = text(name);
      if (!t) return std::nullopt;
      return crypto::base64url_decode(*t);
    };
    if (rsa) {
      auto n = bytes("n"), e = bytes("e");
      if (!n || !e) return malformed("an RSA key's n or e is not base64url");
      trim(*n);
      trim(*e);
      std::size_t const bits = n->empty() ? 0 : n->size() * 8 - leading_zero_bits(n->front());
      if (bits < 2048) return unsafe("an RSA key of " + std::to_string(bits) + " bits (2048 at least)");
      if (n->size() > 1024) return malformed("an RSA key over 8192 bits");
      if (e->empty() || e->size() > 8 || (e->back() & 1u) == 0 || (e->size() == 1 && e->front() == 1))
        return unsafe("an RSA key whose exponent is even, 1, or over 64 bits");
      k.n = std::move(*n);
      k.e = std::move(*e);
    } else {
      auto x = bytes("x"), y = bytes("y");
      if (!x || !y || x->size() != 32 || y->size() != 32) return malformed("a P-256 key's x or y is not 32 bytes of base64url");
      using field = crypto::detail::p256_field;
      if (!field::on_curve(field::from_bytes(std::span<std::uint8_t const, 32>(x->data(), 32)),
                           field::from_bytes(std::span<std::uint8_t const, 32>(y->data(), 32))))
        return unsafe("a P-256 key whose point is not on the curve");
      k.x = std::move(*x);
      k.y = std::move(*y);
    }
    return std::optional<key>(std::move(k));
  }

  static void trim(std::vector<std::uint8_t>& big_endian) {
    auto const first = std::find_if(big_endian.begin(), big_endian.end(), [](std::uint8_t b) { return b != 0; });
    big_endian.erase(big_endian.begin(), first);
  }

  static std::size_t leading_zero_bits(std::uint8_t b) noexcept {
    std::size_t n = 0;
    for (std::uint8_t m = 0x80; m != 0 && (b & m) == 0; m >>= 1) ++n;
    return n;
  }

  std::vector<key> keys_;
};

}  // namespace jwt
GENAUTH_NAMESPACE_END
