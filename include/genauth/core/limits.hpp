#pragma once

#include <genauth/config.hpp>

#include <cstddef>

GENAUTH_NAMESPACE_BEGIN

/// Bounds applied to every response before and while it is parsed.
struct response_limits {
  std::size_t max_body_size = 4 * 1024 * 1024;
};

GENAUTH_NAMESPACE_END
