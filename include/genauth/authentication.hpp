#pragma once

// The authentication client with every endpoint of its API the SDK declares: the generated groups,
// the token endpoints, sign-in, CAS, and the authorization and logout URLs with PKCE.

#include <genauth/authentication/api/all.hpp>
#include <genauth/authentication/authorize.hpp>
#include <genauth/authentication/cas.hpp>
#include <genauth/authentication/pkce.hpp>
#include <genauth/authentication/sign_in.hpp>
#include <genauth/authentication/tokens.hpp>
#include <genauth/genauth.hpp>
