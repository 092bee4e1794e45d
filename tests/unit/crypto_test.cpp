#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sys/wait.h>
#include <unistd.h>
#endif
#if defined(__linux__) && defined(__x86_64__)
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

namespace GENAUTH_UNITY_ID {

template <std::size_t N>
std::string hex(std::array<std::uint8_t, N> const& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (auto b : d) out += digits[b >> 4], out += digits[b & 0xF];
  return out;
}

std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16));
  return out;
}


TEST_CASE("SHA-1 matches the RFC 3174 test vectors") {
  using genauth::crypto::sha1;
  CHECK(hex(sha1::hash("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex(sha1::hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  sha1 million;
  for (int i = 0; i < 1000; ++i) million.update(std::string(1000, 'a'));
  CHECK(hex(million.finish()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  sha1 repeated;
  for (int i = 0; i < 10; ++i) repeated.update("0123456701234567012345670123456701234567012345670123456701234567");
  CHECK(hex(repeated.finish()) == "dea356a2cddd90c7a7ecedc5ebb563934f460452");
  CHECK(hex(sha1::hash("")) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST_CASE("HMAC-SHA1 matches the RFC 2202 test cases") {
  using genauth::crypto::hmac_sha1;
  struct row {
    std::string key, data, digest;
  };
  std::vector<row> const rows = {
      {std::string(20, '\x0b'), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
      {"Jefe", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {std::string(20, '\x0c'), "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      {std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {std::string(80, '\xaa'), "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  for (auto const& r : rows) CHECK(hex(hmac_sha1(r.key, r.data)) == r.digest);
}

TEST_CASE("hmacSha1Sanity cases of the signing vectors") {
  auto const doc = test::read_json("signing-vectors.json");
  auto const& cases = doc.at("hmacSha1Sanity").as_array();
  REQUIRE(cases.size() == 5);
  for (auto const& c : cases) {
    std::string const key = unhex(c.at("keyHex").as_string());
    std::string const data = c.as_object().contains("dataHex") ? unhex(c.at("dataHex").as_string())
                                                               : std::string(c.at("dataText").as_string());
    CHECK(hex(genauth::crypto::hmac_sha1(key, data)) == std::string_view(c.at("digestHex").as_string()));
    CHECK(genauth::sign(key, data) == std::string_view(c.at("signatureBase64").as_string()));
  }
}

TEST_CASE("Base64 matches the RFC 4648 section 10 vectors") {
  using genauth::crypto::base64_encode;
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode(std::string("\xfb\xff\xbf", 3)) == "+/+/");
}

TEST_CASE("random nonces are 32 lower-case hex digits and unique across threads") {
  std::mutex m;
  std::set<std::string> seen;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto n = genauth::random_nonce();
        REQUIRE(n.has_value());
        std::lock_guard lock(m);
        seen.insert(*n);
      }
    });
  for (auto& t : threads) t.join();
  CHECK(seen.size() == 8000);
  for (auto const& n : seen) {
    REQUIRE(n.size() == 32);
    CHECK(n.find_first_not_of("0123456789abcdef") == std::string::npos);
  }
}

TEST_CASE("SHA-1 gives the same digest whatever the pieces the input arrives in") {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  auto const whole = genauth::crypto::sha1::hash(text);
  for (std::size_t piece = 1; piece <= 130; ++piece) {
    genauth::crypto::sha1 h;
    for (std::size_t at = 0; at < text.size(); at += piece) h.update(std::string_view(text).substr(at, piece));
    CAPTURE(piece);
    CHECK(h.finish() == whole);
  }
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) against independently known digests.
  CHECK(hex(genauth::crypto::sha1::hash(std::string(55, 'a'))) == "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  CHECK(hex(genauth::crypto::sha1::hash(std::string(56, 'a'))) == "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  CHECK(hex(genauth::crypto::sha1::hash(std::string(64, 'a'))) == "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

/// Whatever path `dispatch` takes on this CPU gives the portable result, over 1 to 40 blocks.
template <std::size_t Words>
void compressions_agree(void (*portable)(std::uint32_t*, std::uint8_t const*, std::size_t) noexcept,
                        void (*dispatch)(std::uint32_t*, std::uint8_t const*, std::size_t) noexcept) {
  std::vector<std::uint8_t> data(64 * 40);
  std::uint32_t x = 12345;
  for (auto& b : data) b = static_cast<std::uint8_t>((x = x * 1103515245 + 12345) >> 16);
  for (std::size_t blocks = 1; blocks <= 40; ++blocks) {
    std::array<std::uint32_t, Words> a{}, b{};
    for (std::size_t i = 0; i < Words; ++i) a[i] = b[i] = static_cast<std::uint32_t>(i + 1);
    portable(a.data(), data.data(), blocks);
    dispatch(b.data(), data.data(), blocks);
    CAPTURE(blocks);
    CHECK(a == b);
  }
#if GENAUTH_SHA_NI
  if (!genauth::crypto::detail::cpu_has_sha_ni())
    MESSAGE("this CPU has no SHA extensions: both digests came from the portable code");
#endif
}

TEST_CASE("SHA-1's portable compression is right, and the SHA extensions agree with it") {
  using namespace genauth::crypto::detail;
  // RFC 3174's "abc", padded to one block, through the portable code alone.
  std::uint8_t abc[64] = {'a', 'b', 'c', 0x80};
  abc[63] = 24;
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  sha1_blocks_portable(h, abc, 1);
  CHECK(h[0] == 0xa9993e36);
  CHECK(h[1] == 0x4706816a);
  CHECK(h[2] == 0xba3e2571);
  CHECK(h[3] == 0x7850c26c);
  CHECK(h[4] == 0x9cd0d89d);
  compressions_agree<5>(sha1_blocks_portable, sha1_blocks);
}

TEST_CASE("SHA-256 matches the FIPS 180-4 examples, whatever the pieces its input arrives in") {
  using genauth::crypto::sha256;
  CHECK(hex(sha256::hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256::hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex(sha256::hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  sha256 million;
  for (int i = 0; i < 1000; ++i) million.update(std::string(1000, 'a'));
  CHECK(hex(million.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>('a' + i % 26);
  auto const whole = sha256::hash(text);
  for (std::size_t piece = 1; piece <= 130; ++piece) {
    sha256 h;
    for (std::size_t at = 0; at < text.size(); at += piece) h.update(std::string_view(text).substr(at, piece));
    CAPTURE(piece);
    CHECK(h.finish() == whole);
  }
}

TEST_CASE("SHA-256's portable compression agrees with the SHA extensions") {
  using namespace genauth::crypto::detail;
  compressions_agree<8>(sha256_blocks_portable, sha256_blocks);
}

TEST_CASE("HMAC-SHA256 matches the RFC 4231 test cases") {
  using genauth::crypto::hmac_sha256;
  struct row {
    std::string key, data, digest;
  };
  std::string const long_data =
      "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
      "hashed before being used by the HMAC algorithm.";
  std::vector<row> const rows = {
      {std::string(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {std::string(131, '\xaa'), long_data, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (auto const& r : rows) CHECK(hex(hmac_sha256(r.key, r.data)) == r.digest);
  // Case 5 compares the first 128 bits.
  CHECK(hex(hmac_sha256(std::string(20, '\x0c'), "Test With Truncation")).substr(0, 32) ==
        "a3b6167473100ee06e0c796c2955552b");
}

TEST_CASE("an HMAC key state signs like the key itself, for many messages") {
  genauth::crypto::hmac_sha1_key const key("5f1e2d3c4b5a69788796a5b4c3d2e1f0");
  for (std::size_t n : {0, 1, 55, 64, 65, 300}) {
    std::string const message(n, 'm');
    CHECK(key(message) == genauth::crypto::hmac_sha1("5f1e2d3c4b5a69788796a5b4c3d2e1f0", message));
  }
  // A key longer than a block (RFC 2202 case 6).
  genauth::crypto::hmac_sha1_key const long_key(std::string(80, '\xaa'));
  CHECK(hex(long_key("Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

#if defined(__linux__)

TEST_CASE("a forked child does not draw its parent's next nonce from the inherited pool") {
  REQUIRE(genauth::random_nonce().has_value());  // fills this thread's pool
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t const child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto const n = genauth::random_nonce();
    bool const written = n && ::write(fds[1], n->data(), n->size()) == 32;
    ::_exit(written ? 0 : 1);
  }
  auto const parent_next = genauth::random_nonce();
  char buf[32] = {};
  auto const got = ::read(fds[0], buf, sizeof buf);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(fds[0]);
  ::close(fds[1]);
  REQUIRE(got == 32);
  REQUIRE(parent_next.has_value());
  CHECK(std::string(buf, 32) != *parent_next);
}
#endif

#if defined(__linux__)
TEST_CASE("the /dev/urandom reader fills whole buffers with bytes that differ") {
  std::vector<std::uint8_t> a(1000), b(1000);
  REQUIRE(genauth::crypto::detail::urandom_fill(a));
  REQUIRE(genauth::crypto::detail::urandom_fill(b));
  CHECK(a != b);
  CHECK(std::count(a.begin(), a.end(), std::uint8_t{0}) < 40);  // about 4 expected
}
#endif

#if defined(__linux__) && defined(__x86_64__)

// A child process whose kernel answers getrandom(2) with ENOSYS, as Linux before 3.17 does: the
// random source falls back to /dev/urandom, and nonces still come.
TEST_CASE("without getrandom (ENOSYS) the random source reads /dev/urandom") {
  char const verdict = test::in_child([] {
    sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getrandom, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0)
      return 'F';  // the filter could not be installed
    std::uint8_t probe[4];
    if (::syscall(SYS_getrandom, probe, sizeof probe, 0) >= 0 || errno != ENOSYS)
      return 'G';  // getrandom still answers: the test would prove nothing
    std::uint8_t a[64] = {}, b[64] = {};
    bool const filled = genauth::crypto::secure_random(a) && genauth::crypto::secure_random(b) &&
                        std::memcmp(a, b, sizeof a) != 0;
    auto const first = genauth::random_nonce(), second = genauth::random_nonce();
    return filled && first && second && *first != *second ? 'Y' : 'N';
  });
  CHECK(verdict == 'Y');
}
#endif

}  // namespace GENAUTH_UNITY_ID
