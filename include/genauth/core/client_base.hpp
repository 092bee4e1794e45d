#pragma once

#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>

#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// What both clients are: options, a transport, and build → transport → parse for any endpoint.
/// `build(options, request)` is found by argument-dependent lookup on the options type.
template <class Options, class Transport>
class client_base {
  static_assert(require_transport<Transport>());

 public:
  client_base(Options options, Transport transport) : options_(std::move(options)), transport_(std::move(transport)) {}

  template <endpoint R>
  result<typename R::response_type> call(R const& request) {
    auto req = build(options_, request);
    if (!req) return req.error();
    return exchange<R>(transport_, *req, options_.limits);
  }

  [[nodiscard]] Options const& options() const noexcept { return options_; }

 protected:
  Options options_;

 private:
  Transport transport_;
};

}  // namespace detail
GENAUTH_NAMESPACE_END
