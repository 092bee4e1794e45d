#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/naming.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/engine/named_call.hpp>

#include <boost/describe/class.hpp>
#include <boost/mp11/list.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

// CAS ticket validation (CAS protocol 1.0 and 2.0) at the application's CAS server,
// `/cas-idp/{appId}`: a service that signed a user in through CAS checks the ticket it was given.

GENAUTH_NAMESPACE_BEGIN

/// What the CAS server says of a ticket.
struct cas_validation {
  bool valid = false;                    ///< whether the ticket is good for the service
  std::optional<std::string> user{};     ///< who it signed in, when valid
  /// CAS 2.0: the user's attributes (an object), when valid.
  std::optional<boost::json::value> attributes{};
  std::optional<std::string> code{};         ///< CAS 2.0: why not, e.g. INVALID_TICKET
  std::optional<std::string> description{};  ///< CAS 2.0: why not, in words
};
BOOST_DESCRIBE_STRUCT(cas_validation, (), (valid, user, attributes, code, description))

/// C1: validates a ticket with CAS 1.0: the answer is `yes` and the user, or `no`.
struct cas_validate_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/cas-idp/{appId}/validate";
  static constexpr bool enveloped = false;
  using response_type = cas_validation;
  /// @}

  std::string service{};  ///< the service URL the ticket was issued for
  std::string ticket{};   ///< the ticket the service was given

  /// Reads `yes\n<user>\n` or `no\n\n`; anything else is a decode error.
  static result<cas_validation> read_text(std::string_view body) {
    std::string_view const first = body.substr(0, body.find('\n'));
    body.remove_prefix(first.size() == body.size() ? body.size() : first.size() + 1);
    if (first == "no") return cas_validation{};
    if (first != "yes") return detail::make_error(errc::unknown_value, "a CAS 1.0 answer is yes or no");
    std::string_view user = body.substr(0, body.find('\n'));
    if (user.empty()) return detail::make_error(errc::missing_field, "a CAS 1.0 yes without a user");
    return cas_validation{true, std::string(user), {}, {}, {}};
  }
};
BOOST_DESCRIBE_STRUCT(cas_validate_request, (), (service, ticket))

/// C2: validates a ticket with CAS 2.0 and reads the user's attributes (the JSON format).
struct cas_service_validate_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/cas-idp/{appId}/serviceValidate";
  static constexpr bool enveloped = false;
  using response_type = cas_validation;
  /// @}

  std::string service{};        ///< the service URL the ticket was issued for
  std::string ticket{};         ///< the ticket the service was given
  /// The answer's format, sent as `format` (this request reads JSON; the name `format` is the
  /// endpoint's body format).
  std::string response_format = "JSON";

  /// Reads `{"serviceResponse":{"authenticationSuccess":{"user","attributes"}}}` or
  /// `{"serviceResponse":{"authenticationFailure":{"code","description"}}}`.
  static result<cas_validation> read_text(std::string_view body) {
    boost::json::error_code ec;
    auto const v = boost::json::parse(body, ec);
    auto const* top = ec ? nullptr : v.if_object();
    if (!top) return detail::make_error(errc::not_json, "a CAS 2.0 answer is a JSON object");
    auto const* response = top->if_contains("serviceResponse");
    auto const* within = response && response->is_object() ? &response->get_object() : top;
    auto const text = [](boost::json::object const& o, std::string_view key) -> std::optional<std::string> {
      auto const* m = o.if_contains(key);
      return m && m->is_string() ? std::optional<std::string>(std::string(m->get_string())) : std::nullopt;
    };
    if (auto const* ok = within->if_contains("authenticationSuccess"); ok && ok->is_object()) {
      auto user = text(ok->get_object(), "user");
      if (!user) return detail::make_error(errc::missing_field, "required field is missing", "serviceResponse.authenticationSuccess.user");
      cas_validation out{true, std::move(user), {}, {}, {}};
      if (auto const* a = ok->get_object().if_contains("attributes")) out.attributes = *a;
      return out;
    }
    if (auto const* no = within->if_contains("authenticationFailure"); no && no->is_object())
      return cas_validation{false, {}, {}, text(no->get_object(), "code"), text(no->get_object(), "description")};
    return detail::make_error(errc::missing_field, "neither authenticationSuccess nor authenticationFailure",
                              "serviceResponse");
  }
};
BOOST_DESCRIBE_STRUCT(cas_service_validate_request, (), (service, ticket, response_format))
GENAUTH_JSON_KEY(cas_service_validate_request, response_format, "format")

namespace authentication {

// The calls, blocking and async (genauth/engine/named_call.hpp).
/// C1: validates a CAS ticket (CAS 1.0).
inline constexpr named_call<cas_validate_request> validate_ticket_v1{};
inline constexpr named_async_call<cas_validate_request> async_validate_ticket_v1{};
/// C2: validates a CAS ticket and reads the user's attributes (CAS 2.0, JSON).
inline constexpr named_call<cas_service_validate_request> validate_ticket_v2{};
inline constexpr named_async_call<cas_service_validate_request> async_validate_ticket_v2{};

/// The endpoints of this header.
using cas_endpoints = boost::mp11::mp_list<cas_validate_request, cas_service_validate_request>;

}  // namespace authentication

GENAUTH_NAMESPACE_END
