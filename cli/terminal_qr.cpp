#include "terminal_qr.hpp"

#include <qrencode.h>

#include <memory>

namespace genauth_cli {

std::string terminal_qr(std::string_view text) {
  std::string const s(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                     &QRcode_free);
  if (!qr) return {};
  int const border = 2;
  int const size = qr->width + 2 * border;
  auto const dark = [&](int x, int y) {
    x -= border;
    y -= border;
    return x >= 0 && y >= 0 && x < qr->width && y < qr->width && (qr->data[y * qr->width + x] & 1);
  };
  // Light modules are drawn, dark ones left blank, so the code reads on a dark terminal.
  std::string out;
  for (int y = 0; y < size; y += 2) {
    for (int x = 0; x < size; ++x) {
      bool const top = !dark(x, y), bottom = y + 1 >= size || !dark(x, y + 1);
      out += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
    }
    out += '\n';
  }
  return out;
}

}  // namespace genauth_cli
