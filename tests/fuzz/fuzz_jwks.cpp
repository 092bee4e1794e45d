// Key sets: the input is a JWKS document. Invariant: no crash; a refusal is a token error on one
// clean line; every key kept is one that may verify, of a size its type has.
#include "fuzz_support.hpp"

#include <genauth/jwt.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const set = genauth::jwt::key_set::parse(fuzz::text(data, size));
  if (!set) {
    fuzz::check_error(set.error());
    fuzz::require(set.error().kind() == genauth::error_kind::token, "a refused key set is a token error");
    return 0;
  }
  for (auto const& k : set->keys()) {
    if (k.kind == genauth::jwt::key::type::rsa)
      fuzz::require(k.n.size() >= 256 && !k.e.empty() && (k.e.back() & 1u) != 0, "an RSA key of 2048 bits, odd exponent");
    else
      fuzz::require(k.kind == genauth::jwt::key::type::ec_p256 && k.x.size() == 32 && k.y.size() == 32,
                    "a P-256 key of 32-byte coordinates, never a published secret");
  }
  return 0;
}
