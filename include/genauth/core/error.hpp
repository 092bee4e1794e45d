#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/detail/text.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/throw_exception.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// What went wrong, in coarse classes users branch on. Each is a std::error_condition:
/// `std::error_code(errc::not_json) == error_kind::decode` holds.
enum class error_kind {
  none = 0,          ///< no error (a default-constructed genauth::error)
  invalid_argument,  ///< rejected before anything was sent
  transport,         ///< the transport reported an I/O failure
  http,              ///< non-2xx HTTP status without a usable API envelope
  api,               ///< the service refused: an envelope statusCode other than 200, or an OAuth error
  decode,            ///< the response could not be read into the expected type
  system,            ///< the operating system failed the SDK (no random bytes)
  cancelled,         ///< the caller stopped the call, or its deadline passed
  token,             ///< a token, or the key set to check it with, was refused
};

/// The precise condition; every value belongs to exactly one error_kind.
enum class errc {
  none = 0,
  // invalid_argument
  empty_argument,
  control_character,
  invalid_utf8,
  invalid_header_value,
  malformed_host,
  malformed_path,
  unsupported_query_value,
  unrepresentable_number,
  malformed_base32,
  malformed_otpauth_uri,
  invalid_otp_parameters,
  missing_factor_input,
  malformed_code,
  invalid_enum_value,
  value_too_large,
  malformed_code_verifier,
  // transport
  transport_failed,
  invalid_http_status,
  // http
  http_status,
  // api
  api_error,
  oauth_error,
  // decode
  body_too_large,
  empty_body,
  not_json,
  too_deep,
  missing_field,
  type_mismatch,
  number_out_of_range,
  unknown_value,
  duplicate_key,
  truncated_body,
  // system
  entropy_unavailable,
  // cancelled
  cancelled,
  deadline_exceeded,
  // token
  token_malformed,
  token_algorithm_refused,
  token_key_unknown,
  token_signature_invalid,
  token_expired,
  token_not_yet_valid,
  token_claim_missing,
  token_claim_refused,
  key_set_malformed,
  key_unsafe,
};

/// No default: a new code does not compile until it is given its kind.
constexpr error_kind kind_of(errc c) noexcept {
  switch (c) {
    case errc::none: return error_kind::none;
    case errc::empty_argument:
    case errc::control_character:
    case errc::invalid_utf8:
    case errc::invalid_header_value:
    case errc::malformed_host:
    case errc::malformed_path:
    case errc::unsupported_query_value:
    case errc::unrepresentable_number:
    case errc::malformed_base32:
    case errc::malformed_otpauth_uri:
    case errc::invalid_otp_parameters:
    case errc::missing_factor_input:
    case errc::malformed_code:
    case errc::invalid_enum_value:
    case errc::value_too_large:
    case errc::malformed_code_verifier: return error_kind::invalid_argument;
    case errc::transport_failed:
    case errc::invalid_http_status: return error_kind::transport;
    case errc::http_status: return error_kind::http;
    case errc::api_error:
    case errc::oauth_error: return error_kind::api;
    case errc::body_too_large:
    case errc::empty_body:
    case errc::not_json:
    case errc::too_deep:
    case errc::missing_field:
    case errc::type_mismatch:
    case errc::number_out_of_range:
    case errc::unknown_value:
    case errc::duplicate_key:
    case errc::truncated_body: return error_kind::decode;
    case errc::entropy_unavailable: return error_kind::system;
    case errc::cancelled:
    case errc::deadline_exceeded: return error_kind::cancelled;
    case errc::token_malformed:
    case errc::token_algorithm_refused:
    case errc::token_key_unknown:
    case errc::token_signature_invalid:
    case errc::token_expired:
    case errc::token_not_yet_valid:
    case errc::token_claim_missing:
    case errc::token_claim_refused:
    case errc::key_set_malformed:
    case errc::key_unsafe: return error_kind::token;
  }
  return error_kind::invalid_argument;  // only for a value cast from outside the enumeration
}

constexpr std::string_view to_string(error_kind k) noexcept {
  switch (k) {
    case error_kind::none: return "no error";
    case error_kind::invalid_argument: return "invalid argument";
    case error_kind::transport: return "transport error";
    case error_kind::http: return "http error";
    case error_kind::api: return "api error";
    case error_kind::decode: return "decode error";
    case error_kind::system: return "system error";
    case error_kind::cancelled: return "cancelled";
    case error_kind::token: return "token refused";
  }
  return "unknown error kind";
}

constexpr std::string_view describe(errc c) noexcept {
  switch (c) {
    case errc::none: return "no error";
    case errc::empty_argument: return "a required argument is empty";
    case errc::control_character: return "a header value contains a control character";
    case errc::invalid_utf8: return "a string is not valid UTF-8";
    case errc::invalid_header_value: return "a header value is not plain ASCII";
    case errc::malformed_host: return "the host is not a valid http(s) base URL";
    case errc::malformed_path: return "the request path is not an absolute ASCII path";
    case errc::unsupported_query_value: return "a query or form parameter is an object, or an array not of strings";
    case errc::unrepresentable_number: return "a number cannot be sent exactly as JSON";
    case errc::malformed_base32: return "the text is not valid Base32";
    case errc::malformed_otpauth_uri: return "the text is not a valid otpauth URI";
    case errc::invalid_otp_parameters: return "OTP parameters are out of range";
    case errc::missing_factor_input: return "the factor type needs an input that is missing";
    case errc::malformed_code: return "a one-time code must be six digits";
    case errc::invalid_enum_value: return "an enum holds a value outside its enumerators";
    case errc::value_too_large: return "a request value exceeds its size limit";
    case errc::malformed_code_verifier: return "a PKCE code verifier is 43 to 128 of A-Z a-z 0-9 - . _ ~";
    case errc::transport_failed: return "the transport failed";
    case errc::invalid_http_status: return "the transport returned an invalid HTTP status";
    case errc::http_status: return "unexpected HTTP status";
    case errc::api_error: return "the API reported an error";
    case errc::oauth_error: return "the authorization server refused the request";
    case errc::body_too_large: return "the response body exceeds the size limit";
    case errc::empty_body: return "the response body is empty";
    case errc::not_json: return "the response body is not JSON";
    case errc::too_deep: return "the response JSON is nested too deeply";
    case errc::missing_field: return "a required field is missing";
    case errc::type_mismatch: return "a field has the wrong JSON type";
    case errc::number_out_of_range: return "a number is out of range";
    case errc::unknown_value: return "a field has a value outside its vocabulary";
    case errc::duplicate_key: return "the response repeats a key of the envelope";
    case errc::truncated_body: return "the response body ends before its JSON does";
    case errc::entropy_unavailable: return "the system random source failed";
    case errc::cancelled: return "the call was cancelled";
    case errc::deadline_exceeded: return "the call's deadline passed";
    case errc::token_malformed: return "the token is not a compact JWS of base64url JSON objects";
    case errc::token_algorithm_refused: return "the token's algorithm is not one its key allows";
    case errc::token_key_unknown: return "no key of the set fits the token";
    case errc::token_signature_invalid: return "the token's signature does not verify";
    case errc::token_expired: return "the token has expired";
    case errc::token_not_yet_valid: return "the token is not valid yet";
    case errc::token_claim_missing: return "the token lacks a claim that is required";
    case errc::token_claim_refused: return "a claim of the token is not the one expected";
    case errc::key_set_malformed: return "the key set is not a JSON Web Key Set";
    case errc::key_unsafe: return "a key of the set cannot be safe";
  }
  return "unknown genauth error";
}

inline std::error_category const& error_category() noexcept;
inline std::error_category const& error_kind_category() noexcept;

inline std::error_code make_error_code(errc c) noexcept { return {static_cast<int>(c), error_category()}; }

inline std::error_condition make_error_condition(error_kind k) noexcept {
  return {static_cast<int>(k), error_kind_category()};
}

namespace detail {

class error_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "genauth"; }
  std::string message(int ev) const override { return std::string(describe(static_cast<errc>(ev))); }
  std::error_condition default_error_condition(int ev) const noexcept override {
    return make_error_condition(kind_of(static_cast<errc>(ev)));
  }
};

class error_kind_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "genauth.kind"; }
  std::string message(int ev) const override { return std::string(to_string(static_cast<error_kind>(ev))); }
};

}  // namespace detail

inline std::error_category const& error_category() noexcept {
  static detail::error_category_impl const instance;
  return instance;
}

inline std::error_category const& error_kind_category() noexcept {
  static detail::error_kind_category_impl const instance;
  return instance;
}

namespace detail {

/// Text from outside made safe for one log line: a control character (C0, DEL, C1, U+2028,
/// U+2029) is written as \u{hex}, each byte of invalid UTF-8 as \x{hex}, a backslash doubled.
/// The braces matter: an escape never runs into the text after it, so it cannot join with that
/// text into something the text did not hold (a secret that was redacted, say).
inline std::string log_safe(std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  auto const append_hex = [&](std::string& out, std::uint32_t v) {
    char digits[8];
    int n = 0;
    do {
      digits[n++] = hex[v & 0xF];
      v >>= 4;
    } while (v != 0);
    while (n > 0) out += digits[--n];
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t const start = i;
    char32_t const cp = decode_utf8(s, i);
    if (cp == invalid_code_point) {
      out += "\\x{";
      append_hex(out, static_cast<unsigned char>(s[start]));
      out += '}';
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029) {
      out += "\\u{";
      append_hex(out, static_cast<std::uint32_t>(cp));
      out += '}';
    } else {
      out.append(s, start, i - start);
    }
  }
  return out;
}

}  // namespace detail

/// Everything known about a failure. Never carries a secret: messages name fields, not values.
/// A default-constructed error means "no error".
struct error {
  errc code = errc::none;  ///< what went wrong; kind() groups it
  std::string message{};   ///< what the SDK or the server said, with request values redacted
  std::error_code cause{};                    ///< the transport's own error, for transport_failed
  int http_status = 0;                        ///< 0 when no response was received
  std::optional<std::int64_t> status_code{};  ///< envelope statusCode
  std::optional<std::int64_t> api_code{};     ///< envelope apiCode
  std::string request_id{};                   ///< envelope requestId
  /// The OAuth error code of an authorization server's refusal (`invalid_grant`,
  /// `invalid_client`, ...; RFC 6749 5.2), for oauth_error; its description is `message`.
  std::string oauth_error{};
  std::string json_path{};                    ///< where decoding failed, e.g. "data.applicationMfa[0].status"
  std::size_t body_size = 0;                  ///< size of the response body (its bytes are never kept)
  /// The response headers a caller may act on (Retry-After, Date, content type, request ids);
  /// no other header is kept.
  http_headers headers{};
  std::uint32_t attempts = 0;  ///< how many times the request was sent (0: refused before sending)
  /// Whether the server may have acted on the request: an attempt got an answer, or failed once
  /// a byte of it may have left (request_not_sent() false for its cause). False when no attempt
  /// can have reached the server, so that even a call that is not idempotent may be made again.
  bool may_have_been_processed = false;

  /// The group of `code`: invalid_argument, transport, http, api, decode, system, cancelled,
  /// token; none.
  [[nodiscard]] error_kind kind() const noexcept { return kind_of(code); }
  /// `code` as a std::error_code in the genauth category; it compares equal to kind().
  [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code); }

  /// Whether the failure is transient: an I/O failure, a body cut short, HTTP
  /// 408/429/500/502/503/504, or an envelope statusCode of 429 or 5xx. Such a failure may pass
  /// when an idempotent call is repeated.
  [[nodiscard]] bool is_retryable() const noexcept {
    if (code == errc::transport_failed || code == errc::truncated_body) return true;
    switch (http_status) {
      case 408: case 429: case 500: case 502: case 503: case 504: return true;
      default: break;
    }
    auto const s = status_code.value_or(0);  // one read of the optional: g++ -O1 warned on two
    return s == 429 || (s >= 500 && s <= 599);
  }

  /// One line for logs: kind, codes, message and request id. Server text is escaped (see
  /// detail::log_safe): control characters, backslashes and invalid UTF-8 become escapes, so it
  /// cannot forge lines.
  [[nodiscard]] std::string to_string() const {
    std::string out(genauth::to_string(kind()));
    if (http_status != 0) out += " (HTTP " + std::to_string(http_status) + ")";
    if (status_code) out += " statusCode " + std::to_string(*status_code);
    if (api_code) out += " apiCode " + std::to_string(*api_code);
    if (!oauth_error.empty()) out += " " + detail::log_safe(oauth_error);
    if (code == errc::none) return out;
    out += ": ";
    out += message.empty() ? std::string(describe(code)) : detail::log_safe(message);
    if (!json_path.empty()) out += " at " + detail::log_safe(json_path);  // keys may come from the server
    if (cause) out += " (" + cause.message() + ")";
    if (!request_id.empty()) out += " [requestId " + detail::log_safe(request_id) + "]";
    if (attempts > 1) out += " after " + std::to_string(attempts) + " attempts";
    return out;
  }
};

/// Thrown only by result<T>::value() on an error, for callers who prefer exceptions. `code()` is
/// the genauth::errc (compare it with an error_kind), `what()` the error's one-line description.
class api_exception : public std::system_error {
 public:
  /// Keeps `e` and its one-line description.
  explicit api_exception(genauth::error e)
      : std::system_error(e.error_code()), error_(std::move(e)), what_(error_.to_string()) {}
  /// The whole error.
  [[nodiscard]] genauth::error const& error() const noexcept { return error_; }
  /// error().to_string().
  [[nodiscard]] char const* what() const noexcept override { return what_.c_str(); }

 private:
  genauth::error error_;
  std::string what_;
};

// Found by ADL from boost::system::result<T, error>::value().
[[noreturn]] inline void throw_exception_from_error(error const& e,
                                                    boost::source_location const& loc) {
  boost::throw_exception(api_exception(e), loc);
}

GENAUTH_NAMESPACE_END

// Specialisations of std traits: not part of the reference.
/// @cond
template <>
struct std::is_error_code_enum<genauth::errc> : std::true_type {};
template <>
struct std::is_error_condition_enum<genauth::error_kind> : std::true_type {};
/// @endcond
