#pragma once

// Token verification with public keys (RS256, PS256, ES256) through OpenSSL 3's EVP interface:
// link the CMake target genauth::jwt. Not part of genauth/jwt.hpp, so the core never needs OpenSSL.

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>
#include <genauth/jwt/claims.hpp>
#include <genauth/jwt/key_set.hpp>
#include <genauth/jwt/token.hpp>
#include <genauth/jwt/verify.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "genauth/jwt/openssl.hpp needs OpenSSL 3.0 or later"
#endif

GENAUTH_NAMESPACE_BEGIN
namespace jwt {
namespace detail {

struct openssl_free {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const noexcept { BN_free(p); }
  void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
template <class T>
using openssl_ptr = std::unique_ptr<T, openssl_free>;

/// An OpenSSL public key from a JWK's numbers; null when OpenSSL refuses it (an EC point it
/// finds invalid among them).
inline openssl_ptr<EVP_PKEY> public_key(key const& k) {
  openssl_ptr<OSSL_PARAM_BLD> const build(OSSL_PARAM_BLD_new());
  if (!build) return nullptr;
  openssl_ptr<BIGNUM> n, e;
  std::vector<unsigned char> point;
  char group[] = "prime256v1";
  if (k.kind == key::type::rsa) {
    n.reset(BN_bin2bn(k.n.data(), static_cast<int>(k.n.size()), nullptr));
    e.reset(BN_bin2bn(k.e.data(), static_cast<int>(k.e.size()), nullptr));
    if (!n || !e || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
      return nullptr;
  } else {
    point.push_back(0x04);  // uncompressed: x then y
    point.insert(point.end(), k.x.begin(), k.x.end());
    point.insert(point.end(), k.y.begin(), k.y.end());
    if (OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
      return nullptr;
  }
  openssl_ptr<OSSL_PARAM> const params(OSSL_PARAM_BLD_to_param(build.get()));
  openssl_ptr<EVP_PKEY_CTX> const ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, k.kind == key::type::rsa ? "RSA" : "EC", nullptr));
  EVP_PKEY* made = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &made, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
    return nullptr;
  openssl_ptr<EVP_PKEY> result(made);
  openssl_ptr<EVP_PKEY_CTX> const check(EVP_PKEY_CTX_new_from_pkey(nullptr, result.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return result;
}

/// An ES256 signature (R and S, 32 bytes each: RFC 7518 §3.4) as the DER that OpenSSL verifies.
inline std::vector<unsigned char> es256_der(std::span<std::uint8_t const> raw) {
  if (raw.size() != 64) return {};
  openssl_ptr<ECDSA_SIG> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(raw.data(), 32, nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  int const size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) return {};
  std::vector<unsigned char> der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  if (i2d_ECDSA_SIG(sig.get(), &out) != size) return {};
  return der;
}

/// Whether `signature` is `a`'s signature of `input` under `pkey`.
inline bool evp_verifies(EVP_PKEY* pkey, algorithm a, std::string_view input, std::span<std::uint8_t const> signature) {
  std::vector<unsigned char> der;
  if (a == algorithm::es256) {
    der = es256_der(signature);
    if (der.empty()) return false;
    signature = der;
  }
  openssl_ptr<EVP_MD_CTX> const md(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by md
  if (!md || EVP_DigestVerifyInit(md.get(), &pctx, EVP_sha256(), nullptr, pkey) != 1) return false;
  if (a == algorithm::ps256 &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1))
    return false;
  return EVP_DigestVerify(md.get(), signature.data(), signature.size(),
                          reinterpret_cast<unsigned char const*>(input.data()), input.size()) == 1;
}

}  // namespace detail

/// Verifies tokens against a key set: RS256, PS256 and ES256 through OpenSSL, HS256 with the
/// SDK's HMAC. The keys are made into OpenSSL's once, when it is created (a key OpenSSL refuses
/// refuses the set), and shared by copies; any thread may verify at once.
class openssl_verifier {
 public:
  /// A verifier for `keys`.
  [[nodiscard]] static result<openssl_verifier> create(key_set keys) {
    auto s = std::make_shared<state>();
    for (auto const& k : keys.keys()) {
      if (k.kind == key::type::secret) {
        s->public_keys.emplace_back();
        continue;
      }
      auto pkey = detail::public_key(k);
      if (!pkey) return genauth::detail::make_error(errc::key_unsafe, "OpenSSL refuses a key of the set");
      s->public_keys.push_back(std::move(pkey));
    }
    s->keys = std::move(keys);
    openssl_verifier v;
    v.state_ = std::move(s);
    return v;
  }

  /// The token, once its signature and claims hold (jwt::verify's rules, every algorithm).
  [[nodiscard]] result<token> verify(std::string_view text, claim_rules const& rules = {}) const {
    return detail::verify_with(text, state_->keys, rules,
                               [this](key const& k, algorithm a, std::string_view input, std::span<std::uint8_t const> sig) {
                                 if (a == algorithm::hs256) return detail::hs256_verifies(k, input, sig);
                                 auto const index = static_cast<std::size_t>(&k - state_->keys.keys().data());
                                 return detail::evp_verifies(state_->public_keys[index].get(), a, input, sig);
                               });
  }

  /// The keys it verifies with.
  [[nodiscard]] key_set const& keys() const noexcept { return state_->keys; }

 private:
  struct state {
    key_set keys;
    std::vector<detail::openssl_ptr<EVP_PKEY>> public_keys;  // one per key; null for a secret
  };
  openssl_verifier() = default;
  std::shared_ptr<state const> state_;
};

}  // namespace jwt
GENAUTH_NAMESPACE_END
