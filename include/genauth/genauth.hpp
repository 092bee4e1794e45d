#pragma once

// The SDK's core, both clients and their MFA endpoints. The rest of each API is opt-in, a header
// per group or all of it at once: genauth/management.hpp, genauth/authentication.hpp (with the
// token endpoints, sign-in and CAS). The fake transport for tests is in genauth/testkit/, and the
// file of the separately compiled mode is genauth/src.hpp.

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/call.hpp>
#include <genauth/authentication/client.hpp>
#include <genauth/authentication/api/mfa.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/authentication/policy.hpp>
#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/core/stop.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/crypto/random.hpp>
#include <genauth/crypto/sha1.hpp>
#include <genauth/engine/engine.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/factor_type.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/envelope.hpp>
#include <genauth/json/naming.hpp>
#include <genauth/json/nullable.hpp>
#include <genauth/json/open_enum.hpp>
#include <genauth/json/stringify.hpp>
#include <genauth/management/build.hpp>
#include <genauth/management/call.hpp>
#include <genauth/management/client.hpp>
#include <genauth/management/api/mfa.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/policy.hpp>
#include <genauth/management/signer.hpp>
#include <genauth/otp/base32.hpp>
#include <genauth/otp/otpauth.hpp>
#include <genauth/otp/totp.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/protocol/parse.hpp>
#include <genauth/protocol/redact.hpp>
#include <genauth/signing/brand.hpp>
#include <genauth/signing/canonical.hpp>
#include <genauth/signing/date.hpp>
#include <genauth/signing/signer.hpp>
#include <genauth/version.hpp>
