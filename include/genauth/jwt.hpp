#pragma once

// Local token verification (RFC 7515, 7517, 7519): key sets, claims, HS256. Opt-in: genauth.hpp
// does not include it. RS256, PS256 and ES256 are in genauth/jwt/openssl.hpp (target genauth::jwt).

#include <genauth/jwt/claims.hpp>
#include <genauth/jwt/key_set.hpp>
#include <genauth/jwt/token.hpp>
#include <genauth/jwt/verify.hpp>
