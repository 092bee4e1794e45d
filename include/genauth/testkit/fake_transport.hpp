#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/transport.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace testkit {

/// A transport for tests: answers by method and path with canned responses and records every
/// request. Copies share their routes and records, so keep one copy and give another to a client.
class fake_transport {
 public:
  /// Answers `method path` (path without query) with `response` from now on.
  fake_transport& on(http_method method, std::string path, http_response response) {
    state_->routes.push_back({method, std::move(path), std::move(response)});
    return *this;
  }

  /// A request without a route gets HTTP 404 with a plain-text body.
  transport_result operator()(http_request const& request) {
    state_->requests.push_back(request);
    std::string_view const path = path_of(request.url);
    for (auto it = state_->routes.rbegin(); it != state_->routes.rend(); ++it)
      if (it->method == request.method && it->path == path) return it->response;
    return http_response{404, {{"content-type", "text/plain"}}, "no route"};
  }

  /// Every request it was sent, in order.
  [[nodiscard]] std::vector<http_request> const& requests() const noexcept { return state_->requests; }

 private:
  static std::string_view path_of(std::string_view url) {
    std::size_t const scheme = url.find("://");
    std::size_t const start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (start == std::string_view::npos) return "/";
    return url.substr(start, url.find('?', start) - start);
  }

  struct route {
    http_method method;
    std::string path;
    http_response response;
  };
  struct state {
    std::vector<route> routes;
    std::vector<http_request> requests;
  };
  std::shared_ptr<state> state_ = std::make_shared<state>();
};

}  // namespace testkit
GENAUTH_NAMESPACE_END
