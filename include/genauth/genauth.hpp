#pragma once

// Every public header of the SDK; the fake transport for tests is in genauth/testkit/, and the
// file of the separately compiled mode is genauth/src.hpp.

#include <genauth/config.hpp>
#include <genauth/version.hpp>

#include <genauth/core/endpoint.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/parse.hpp>
#include <genauth/core/redact.hpp>
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

#include <genauth/json/codec.hpp>
#include <genauth/json/envelope.hpp>
#include <genauth/json/naming.hpp>
#include <genauth/json/open_enum.hpp>
#include <genauth/json/stringify.hpp>

#include <genauth/signing/brand.hpp>
#include <genauth/signing/canonical.hpp>
#include <genauth/signing/date.hpp>
#include <genauth/signing/signer.hpp>

#include <genauth/factor_type.hpp>

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/call.hpp>
#include <genauth/authentication/client.hpp>
#include <genauth/authentication/mfa.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/authentication/policy.hpp>

#include <genauth/otp/base32.hpp>
#include <genauth/otp/otpauth.hpp>
#include <genauth/otp/totp.hpp>

#include <genauth/management/build.hpp>
#include <genauth/management/call.hpp>
#include <genauth/management/client.hpp>
#include <genauth/management/mfa.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/policy.hpp>
#include <genauth/management/signer.hpp>
