#include "token_keys.hpp"

#include "service.hpp"

#include <genauth/crypto/base64.hpp>

#include <boost/json/serialize.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace genauth_emulator {

struct token_keys::key {
  std::string kid;
  bool rsa = true;
  EVP_PKEY* pkey = nullptr;
  ~key() { EVP_PKEY_free(pkey); }
};

namespace {

std::string b64(std::vector<unsigned char> const& bytes) {
  return genauth::crypto::base64url_encode(std::string_view(reinterpret_cast<char const*>(bytes.data()), bytes.size()));
}

/// A big-number parameter of `pkey`, big-endian, `width` bytes (0: as short as it goes).
std::vector<unsigned char> number(EVP_PKEY* pkey, char const* name, int width = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) throw std::runtime_error("genauth-emulator: a key lacks a number");
  std::vector<unsigned char> out(static_cast<std::size_t>(width != 0 ? width : BN_num_bytes(bn)));
  BN_bn2binpad(bn, out.data(), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

}  // namespace

token_keys::token_keys() = default;
token_keys::~token_keys() = default;

void token_keys::ensure() const {
  if (keys_.empty()) add_generation();
}

std::string token_keys::rotate() {
  ensure();
  return add_generation();
}

std::string token_keys::add_generation() const {
  auto rsa = std::make_unique<key>();
  rsa->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
  auto ec = std::make_unique<key>();
  ec->rsa = false;
  ec->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (rsa->pkey == nullptr || ec->pkey == nullptr) throw std::runtime_error("genauth-emulator: no token key");
  rsa->kid = "rsa-" + random_hex(8);
  ec->kid = "ec-" + random_hex(8);
  std::string kid = rsa->kid;
  if (keys_.size() > 2) keys_.resize(2);
  keys_.insert(keys_.begin(), std::move(ec));
  keys_.insert(keys_.begin(), std::move(rsa));
  return kid;
}

boost::json::object token_keys::jwks() const {
  ensure();
  boost::json::array keys;
  for (auto const& k : keys_) {
    boost::json::object j{{"kid", k->kid}, {"use", "sig"}};
    if (k->rsa) {
      j["kty"] = "RSA";
      j["alg"] = "RS256";
      j["n"] = b64(number(k->pkey, OSSL_PKEY_PARAM_RSA_N));
      j["e"] = b64(number(k->pkey, OSSL_PKEY_PARAM_RSA_E));
    } else {
      j["kty"] = "EC";
      j["crv"] = "P-256";
      j["alg"] = "ES256";
      j["x"] = b64(number(k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32));
      j["y"] = b64(number(k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
    }
    keys.push_back(std::move(j));
  }
  return {{"keys", std::move(keys)}};
}

std::string token_keys::current_kid(std::string_view alg) const {
  ensure();
  return keys_[alg == "ES256" ? 1 : 0]->kid;
}

std::string token_keys::sign(boost::json::object const& claims, std::string_view alg) const {
  if (alg != "RS256" && alg != "ES256") return {};
  ensure();
  key const& k = *keys_[alg == "ES256" ? 1 : 0];
  boost::json::object const header{{"alg", alg}, {"typ", "JWT"}, {"kid", k.kid}};
  std::string const input = genauth::crypto::base64url_encode(boost::json::serialize(header)) + "." +
                            genauth::crypto::base64url_encode(boost::json::serialize(claims));
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  std::size_t size = 0;
  std::vector<unsigned char> sig;
  bool ok = md != nullptr && EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, k.pkey) == 1 &&
            EVP_DigestSign(md, nullptr, &size, reinterpret_cast<unsigned char const*>(input.data()), input.size()) == 1;
  if (ok) {
    sig.resize(size);
    ok = EVP_DigestSign(md, sig.data(), &size, reinterpret_cast<unsigned char const*>(input.data()), input.size()) == 1;
    sig.resize(size);
  }
  EVP_MD_CTX_free(md);
  if (!ok) throw std::runtime_error("genauth-emulator: signing failed");
  if (!k.rsa) {  // DER to the JWS form: r and s, 32 bytes each
    unsigned char const* p = sig.data();
    ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    if (parsed == nullptr) throw std::runtime_error("genauth-emulator: signing failed");
    std::vector<unsigned char> raw(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(parsed), raw.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(parsed), raw.data() + 32, 32);
    ECDSA_SIG_free(parsed);
    sig = std::move(raw);
  }
  return input + "." + b64(sig);
}

}  // namespace genauth_emulator
