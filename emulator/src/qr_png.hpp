#pragma once

#include <string>
#include <string_view>

namespace genauth_emulator {

/// `text` as a QR code in a PNG image, as a `data:image/png;base64,...` URL (what the service's
/// qrCodeDataUrl carries); empty when the text does not fit a QR code.
std::string qr_png_data_url(std::string_view text);

}  // namespace genauth_emulator
