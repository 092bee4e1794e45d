#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/header.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/signer.hpp>
#include <genauth/version.hpp>

#include <string_view>
#include <utility>

// The definition of detail::prepare_signing: included by management/signer.hpp in header-only
// builds, by genauth/src.hpp in the separately compiled mode.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

GENAUTH_SEPARABLE result<signing_context> prepare_signing(management_options const& o) {
  auto key_id = header_value(o.access_key_id, "access key id");
  if (!key_id) return key_id.error();
  if (auto e = check_not_empty(*key_id, "access key id")) return std::move(*e);
  if (auto e = check_not_empty(o.access_key_secret, "access key secret")) return std::move(*e);
  auto base = normalize_base_url(o.host.empty() ? o.brand.default_host : std::string_view(o.host), "host",
                                 o.allow_insecure_http);
  if (!base) return base.error();
  auto tenant = header_value(o.tenant_id, "tenant id");
  if (!tenant) return tenant.error();
  // A value that is blank once trimmed counts as not given: an HTTP stack drops an empty header
  // (libcurl does), and the server would then sign something else than the SDK did.
  auto lang = header_value(o.lang, "lang");
  if (!lang) return lang.error();
  if (lang->empty()) *lang = "zh-CN";
  auto sdk = header_value(o.sdk_version, "sdk version");
  if (!sdk) return sdk.error();
  if (sdk->empty()) *sdk = "genauth-cpp:" GENAUTH_VERSION_STRING;
  std::string_view const prefix = o.brand.header_prefix;
  signing_context c(o.access_key_secret);
  c.reserve(base->size() + o.brand.authorization_scheme.size() + key_id->size() + 6 * prefix.size() + 80 +
            sdk->size() + tenant->size() + lang->size());
  c.base_url = c.put(*base);
  c.authorization_prefix = c.put(o.brand.authorization_scheme, " ", *key_id, ":");
  c.nonce_name = c.put(prefix, "signature-nonce");
  c.method_name = c.put(prefix, "signature-method");
  c.version_name = c.put(prefix, "signature-version");
  c.sdk_name = c.put(prefix, "sdk-version");
  c.app_id_name = c.put(prefix, "app-id");
  c.lang_name = c.put(prefix, "lang");
  c.sdk = c.put(*sdk);
  c.tenant = c.put(*tenant);
  c.lang = c.put(*lang);
  return c;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
