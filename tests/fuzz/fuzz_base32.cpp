// Base32: whatever decodes re-encodes to the same text (upper-case, exact padding or none).
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const in = fuzz::text(data, size);
  auto const decoded = genauth::otp::base32_decode(in);
  if (!decoded) {
    fuzz::check_error(decoded.error());
    fuzz::require(fuzz::is_base32_message(decoded.error().message), "an error says more than its template");
    return 0;
  }
  bool const padded = !in.empty() && in.back() == '=';
  auto const again = genauth::otp::base32_encode(*decoded, padded);
  // Bits past the last byte are ignored, so compare decoded bytes rather than texts.
  auto const twice = genauth::otp::base32_decode(again);
  fuzz::require(twice.has_value() && *twice == *decoded, "Base32 does not round-trip");
  fuzz::require(again.size() == in.size(), "a different length decoded to the same bytes");
  return 0;
}
