#pragma once

#include <genauth/version.hpp>

// Every public name lives in an inline namespace named after the version (genauth::v0_1_0), so
// two libraries that embed different versions of this SDK link into one program without ODR
// clashes. Define GENAUTH_ABI_NAMESPACE (to an identifier) to choose another name, e.g. when two
// builds of the same version with different settings must coexist.
#ifndef GENAUTH_ABI_NAMESPACE
#define GENAUTH_ABI_NAMESPACE_JOIN_(major, minor, patch) v##major##_##minor##_##patch
#define GENAUTH_ABI_NAMESPACE_JOIN(major, minor, patch) GENAUTH_ABI_NAMESPACE_JOIN_(major, minor, patch)
#define GENAUTH_ABI_NAMESPACE                                                                    \
  GENAUTH_ABI_NAMESPACE_JOIN(GENAUTH_VERSION_MAJOR, GENAUTH_VERSION_MINOR, GENAUTH_VERSION_PATCH)
#endif

#define GENAUTH_NAMESPACE_BEGIN                                                                  \
  namespace genauth {                                                                            \
  inline namespace GENAUTH_ABI_NAMESPACE {
#define GENAUTH_NAMESPACE_END                                                                    \
  }                                                                                              \
  }

// A function the separately compiled mode (GENAUTH_SEPARATE_COMPILATION) compiles once, in the
// file that includes genauth/src.hpp: there the headers only declare it. Header-only, it is inline.
#ifdef GENAUTH_SEPARATE_COMPILATION
#define GENAUTH_SEPARABLE
#else
#define GENAUTH_SEPARABLE inline
#endif
