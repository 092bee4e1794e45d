#pragma once

#include <string>
#include <string_view>

namespace genauth_cli {

/// `text` as a QR code drawn with Unicode half blocks (two modules per character cell), dark on
/// a light quiet zone; empty when the text does not fit a QR code.
std::string terminal_qr(std::string_view text);

}  // namespace genauth_cli
