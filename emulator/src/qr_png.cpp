#include "qr_png.hpp"

#include <genauth/crypto/base64.hpp>

#include <qrencode.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace genauth_emulator {
namespace {

constexpr int scale = 4;   // pixels per module
constexpr int border = 4;  // quiet zone, in modules

std::uint32_t crc32(std::uint8_t const* p, std::size_t n, std::uint32_t crc = 0) {
  static auto const table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void chunk(std::vector<std::uint8_t>& png, char const (&type)[5], std::vector<std::uint8_t> const& data) {
  put32(png, static_cast<std::uint32_t>(data.size()));
  std::size_t const start = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  put32(png, crc32(png.data() + start, png.size() - start));
}

// A zlib stream of stored (uncompressed) deflate blocks: valid everywhere, and small enough
// for a 1-bit image.
std::vector<std::uint8_t> zlib_stored(std::vector<std::uint8_t> const& raw) {
  std::vector<std::uint8_t> z{0x78, 0x01};
  std::size_t pos = 0;
  do {
    std::size_t const n = std::min<std::size_t>(raw.size() - pos, 65535);
    bool const last = pos + n == raw.size();
    z.push_back(last ? 1 : 0);
    z.push_back(static_cast<std::uint8_t>(n));
    z.push_back(static_cast<std::uint8_t>(n >> 8));
    z.push_back(static_cast<std::uint8_t>(~n));
    z.push_back(static_cast<std::uint8_t>(~n >> 8));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos), raw.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  } while (pos < raw.size());
  std::uint32_t a = 1, b = 0;
  for (auto c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  put32(z, (b << 16) | a);
  return z;
}

}  // namespace

std::string qr_png_data_url(std::string_view text) {
  std::string const s(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     &QRcode_free);
  if (!qr) return {};
  int const modules = qr->width + 2 * border;
  int const side = modules * scale;
  std::size_t const row_bytes = static_cast<std::size_t>((side + 7) / 8);
  std::vector<std::uint8_t> raw;
  raw.reserve(static_cast<std::size_t>(side) * (row_bytes + 1));
  for (int y = 0; y < side; ++y) {
    raw.push_back(0);  // filter: none
    std::size_t const row = raw.size();
    raw.resize(row + row_bytes, 0);
    for (int x = 0; x < side; ++x) {
      int const mx = x / scale - border, my = y / scale - border;
      bool const dark = mx >= 0 && my >= 0 && mx < qr->width && my < qr->width &&
                        (qr->data[my * qr->width + mx] & 1);
      if (!dark) raw[row + static_cast<std::size_t>(x / 8)] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
    }
  }
  std::vector<std::uint8_t> png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<std::uint8_t> header;
  put32(header, static_cast<std::uint32_t>(side));
  put32(header, static_cast<std::uint32_t>(side));
  header.insert(header.end(), {1, 0, 0, 0, 0});  // 1-bit greyscale, deflate, no interlace
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", zlib_stored(raw));
  chunk(png, "IEND", {});
  return "data:image/png;base64," + genauth::crypto::base64_encode(png);
}

}  // namespace genauth_emulator
