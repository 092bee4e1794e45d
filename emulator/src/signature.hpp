#pragma once

// The management API's AK/SK signature as the service checks it: the string to sign is rebuilt
// from what arrived (the decoded query, or the JSON body read back), never taken from the client.

#include "wire.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace genauth_emulator {

/// Why a request is refused, as an envelope says it.
struct rejection {
  int status_code = 400;
  int api_code = 0;  ///< 0: none
  std::string message;
};

/// The two brands differ in the signed header prefix and the Authorization scheme word.
struct brand_names {
  std::string_view header_prefix;  ///< "x-genauth-" or "x-authing-"
  std::string_view scheme;         ///< "GenAuth" or "authing"
};
inline constexpr brand_names genauth_names{"x-genauth-", "GenAuth"};
inline constexpr brand_names authing_names{"x-authing-", "authing"};

/// What a well-signed request proves.
struct signed_by {
  std::string access_key_id;
  std::string nonce;
  brand_names brand;
};

/// The string to sign of `request` under `brand`, or why it cannot be formed (a query that is
/// not percent-decodable, a body that is not a JSON object).
std::variant<std::string, rejection> string_to_sign(wire_request const& request, brand_names brand);

/// Checks the signature: scheme, method and version headers, date within `allowed_skew` of
/// `now`, a known key and a matching HMAC-SHA1. The nonce is not checked for reuse here.
std::variant<signed_by, rejection> verify_signature(
    wire_request const& request, std::function<std::optional<std::string>(std::string_view)> const& secret_of,
    std::chrono::system_clock::time_point now, std::chrono::seconds allowed_skew);

/// Parses an IMF-fixdate (`Sun, 05 Jan 2025 08:30:00 GMT`).
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

/// Formats an IMF-fixdate.
std::string format_http_date(std::chrono::system_clock::time_point t);

/// Decodes a form-encoded component (`+` is a space); nothing when a `%` escape is malformed.
std::optional<std::string> form_decode(std::string_view s);

/// Whether `a` equals `b`, taking the same time wherever they differ (for secrets).
bool equal_in_constant_time(std::string_view a, std::string_view b);

/// The decoded `key=value` pairs of a query or form body, in order; nothing when one is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> form_pairs(std::string_view text);

/// The decoded pairs of a query, each `key[]=item` joined into one `key` whose value is the JSON
/// array of its items (where the first item was): the array the official SDK signs as JSON and
/// sends item by item; nothing when one is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> query_pairs(std::string_view text);

}  // namespace genauth_emulator
