// With GENAUTH_SHA_NI=0 the SDK keeps to its portable SHA-1, which must still sign correctly.
#include <genauth/genauth.hpp>

#include <cstdio>

static_assert(GENAUTH_SHA_NI == 0);

int main() {
  auto const digest = genauth::crypto::sha1::hash("abc");
  static constexpr unsigned char expected[] = {0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                                               0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d};
  for (std::size_t i = 0; i < digest.size(); ++i)
    if (digest[i] != expected[i]) return std::puts("SHA-1 of \"abc\" is wrong"), 1;
  // RFC 2202 case 2.
  if (genauth::sign("Jefe", "what do ya want for nothing?") != "7/zfauXrL6LSdBbV8YTfnCWafHk=")
    return std::puts("HMAC-SHA1 of RFC 2202 case 2 is wrong"), 1;
  return 0;
}
