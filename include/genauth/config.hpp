#pragma once

#include <genauth/version.hpp>

// Every public name lives in an inline versioned namespace, so two libraries that embed
// different versions of this SDK can be linked into one program without ODR clashes.
#define GENAUTH_NAMESPACE_BEGIN                                                                  \
  namespace genauth {                                                                            \
  inline namespace v0 {
#define GENAUTH_NAMESPACE_END                                                                    \
  }                                                                                              \
  }
