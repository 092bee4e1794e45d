#pragma once

// JSON reading for the emulator: Boost.JSON's parser with every double read from its own text by
// std::from_chars. Boost.JSON 1.81 can land one ULP off (123456789012345680000 reads as
// ...670000), and a JavaScript server, whose signature check the emulator repeats, reads exactly.

#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace genauth_emulator {

/// The value of `text`, or nothing when it is not one JSON document (at most 64 levels deep).
std::optional<boost::json::value> parse_json(std::string_view text);

}  // namespace genauth_emulator
