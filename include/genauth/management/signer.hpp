#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/management/options.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// What a management client derives from its options once (it never changes them): the checked
/// header values, the base URL, its brand's header names and the HMAC state of the secret. The
/// texts share one buffer.
class signing_context {
 public:
  struct piece {
    std::size_t at = 0;
    std::size_t size = 0;
  };
  piece base_url, authorization_prefix;  // the prefix is "<scheme> <access key id>:"
  piece nonce_name, method_name, version_name, sdk_name, app_id_name, lang_name;
  piece sdk, tenant, lang;
  crypto::hmac_sha1_key key;

  explicit signing_context(std::string_view secret) : key(secret) {}
  [[nodiscard]] std::string_view operator[](piece p) const noexcept { return std::string_view(text_).substr(p.at, p.size); }
  piece put(std::string_view a, std::string_view b = {}, std::string_view c = {}, std::string_view d = {}) {
    piece const p{text_.size(), a.size() + b.size() + c.size() + d.size()};
    text_.append(a).append(b).append(c).append(d);
    return p;
  }
  void reserve(std::size_t n) { text_.reserve(n); }

 private:
  std::string text_;
};

/// Checks the options and derives the signing context from them: what a management client does
/// once. Header-only builds compile it here; the separately compiled mode in genauth/src.hpp.
GENAUTH_SEPARABLE result<signing_context> prepare_signing(management_options const& o);

}  // namespace detail

/// Builds signed management requests for one set of options, checked and prepared once (the
/// header values, the base URL and the secret's HMAC state). It is what management_client signs
/// with; keep one to sign for a transport of your own, an asynchronous one say. `build` is const
/// and may run in many threads at once.
class management_signer {
 public:
  /// Checks `options` once (their errors come back from build) and hashes the secret.
  explicit management_signer(management_options options)
      : options_(std::move(options)), context_(detail::prepare_signing(options_)) {}

  /// The options it signs with.
  [[nodiscard]] management_options const& options() const noexcept { return options_; }

  /// Validates, encodes and signs the request of a management endpoint, with `clock_offset` added
  /// to the signing clock (the skew an apiCode 1305 answer revealed).
  template <endpoint R>
  [[nodiscard]] result<http_request> build(R const& request, std::chrono::seconds clock_offset = {}) const;

 private:
  management_options options_;
  result<detail::signing_context> context_;  // or why the options cannot sign
};

GENAUTH_NAMESPACE_END

#ifndef GENAUTH_SEPARATE_COMPILATION
#include <genauth/management/detail/prepare_signing.hpp>
#endif
