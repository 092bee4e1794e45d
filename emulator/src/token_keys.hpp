#pragma once

// The keys the emulator signs tokens with, as an OpenID provider publishes them: an RSA key
// (RS256) and a P-256 key (ES256) per generation. A rotation makes a new generation the one that
// signs; the one before stays published, so tokens it signed still verify.

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace genauth_emulator {

class token_keys {
 public:
  token_keys();  ///< the first generation is made when first needed (an RSA key takes a while)
  ~token_keys();
  token_keys(token_keys const&) = delete;
  token_keys& operator=(token_keys const&) = delete;

  /// Makes a new generation the signing one, drops the one before the current; returns the new
  /// RSA key's id.
  std::string rotate();
  /// The published keys: `{"keys":[...]}`, newest first.
  [[nodiscard]] boost::json::object jwks() const;
  /// A compact JWS of `claims`, signed with the current generation's key for `alg` (RS256 or
  /// ES256); empty for another algorithm.
  [[nodiscard]] std::string sign(boost::json::object const& claims, std::string_view alg) const;
  /// The current generation's key id for `alg`.
  [[nodiscard]] std::string current_kid(std::string_view alg) const;

 private:
  struct key;
  void ensure() const;
  std::string add_generation() const;
  mutable std::vector<std::unique_ptr<key>> keys_;  ///< two per generation (RSA, then EC), newest first
};

}  // namespace genauth_emulator
