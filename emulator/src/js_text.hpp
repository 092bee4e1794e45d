#pragma once

// What a JavaScript server computes from the values it received: `String(value)`,
// `JSON.stringify(value)` and the default sort of keys. The emulator verifies signatures with
// these, written apart from the SDK's own signing code so that one cannot hide the other's fault.

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace genauth_emulator {

/// `String(n)` of a JavaScript number (shortest round trip, exponent from 1e21 and below 1e-6).
std::string js_number(double n);

/// `String(v)` for a top-level value: strings raw, numbers as above, nested values as JSON text.
std::string js_string_of(boost::json::value const& v);

/// `JSON.stringify(v)`: compact, JavaScript's property order (integer-like keys first, ascending).
std::string js_stringify(boost::json::value const& v);

/// `a < b` under JavaScript's default sort: UTF-16 code units.
bool js_key_less(std::string_view a, std::string_view b);

}  // namespace genauth_emulator
